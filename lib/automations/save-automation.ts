import type { Db, Prisma, Tx } from "@/lib/db/client";
import { parseOrThrow } from "@/lib/errors";
import { applyAutomationPatch, automationInputSchema, type AutomationInput } from "./schema";
import { getAutomation } from "./list-automations";
import { compactPriorities, nextPriority } from "./reorder-automations";
import { toAutomationRecord, type AutomationRecord } from "./serialize-automation";

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** Creates an automation at the end of its trigger's priority order (the priority panel moves it). */
export async function createAutomation(db: Db, body: unknown): Promise<AutomationRecord> {
  const input = parseOrThrow(automationInputSchema, body, "invalid automation");
  return db.$transaction(async (tx) => insertAutomation(tx, input));
}

export async function insertAutomation(tx: Tx, input: AutomationInput): Promise<AutomationRecord> {
  const row = await tx.automation.create({
    data: {
      name: input.name,
      trigger: input.trigger,
      status: input.status ?? "active",
      priority: await nextPriority(tx, input.trigger),
      conditions: json(input.conditions),
      steps: json(input.steps),
    },
  });
  return toAutomationRecord(row);
}

/**
 * Applies a partial change. The merged automation is validated as a whole (a new trigger must allow
 * the existing steps). Moving to another trigger puts it last there and closes the gap it leaves.
 * Runs already started keep the steps they started with.
 */
export async function updateAutomation(db: Db, id: string, patch: unknown): Promise<AutomationRecord> {
  return db.$transaction(async (tx) => {
    const stored = await getAutomation(tx, id);
    const next = parseOrThrow(
      { safeParse: (input) => applyAutomationPatch(stored, input) },
      patch,
      "invalid automation",
    );
    const movesTrigger = next.trigger !== stored.trigger;
    const row = await tx.automation.update({
      where: { id },
      data: {
        name: next.name,
        trigger: next.trigger,
        status: next.status ?? stored.status,
        conditions: json(next.conditions),
        steps: json(next.steps),
        ...(movesTrigger ? { priority: await nextPriority(tx, next.trigger) } : {}),
      },
    });
    if (movesTrigger) await compactPriorities(tx, stored.trigger);
    return toAutomationRecord(row);
  });
}
