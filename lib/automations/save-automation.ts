import { toJson } from "@/lib/db/json";
import type { Tx } from "@/lib/db/client";
import type { Engine } from "@/lib/engine/engine";
import { parseOrThrow } from "@/lib/errors";
import { ensureWebhookEndpoints } from "@/lib/webhooks-out/endpoints";
import { assertRunnable, runnableContext, stepWebhookUrls } from "./check-runnable";
import { applyAutomationPatch, automationInputSchema, type AutomationInput } from "./schema";
import { getAutomation } from "./list-automations";
import { compactPriorities, nextPriority } from "./reorder-automations";
import { toAutomationRecord, type AutomationRecord } from "./serialize-automation";

type SaveEngine = Pick<Engine, "db" | "config" | "gateway">;

/**
 * Creates an automation at the end of its trigger's priority order (the priority panel moves it).
 * An active one must be able to run with the present configuration (check-runnable.ts).
 */
export async function createAutomation(engine: SaveEngine, body: unknown): Promise<AutomationRecord> {
  const input = parseOrThrow(automationInputSchema, body, "invalid automation");
  assertRunnable(input, await runnableContext(engine));
  return engine.db.$transaction(async (tx) => insertAutomation(tx, input));
}

export async function insertAutomation(tx: Tx, input: AutomationInput): Promise<AutomationRecord> {
  // Each URL a step sends webhooks to gets its own signing secret now, shown in Settings before the first delivery.
  await ensureWebhookEndpoints(tx, stepWebhookUrls(input.steps));
  const row = await tx.automation.create({
    data: {
      name: input.name,
      trigger: input.trigger,
      status: input.status ?? "active",
      shadow: input.shadow ?? false,
      priority: await nextPriority(tx, input.trigger),
      conditions: toJson(input.conditions),
      steps: toJson(input.steps),
    },
  });
  return toAutomationRecord(row);
}

/**
 * Applies a partial change. The merged automation is validated as a whole (a new trigger must allow
 * the existing steps). Moving to another trigger puts it last there and closes the gap it leaves.
 * Runs already started keep the steps they started with.
 */
export async function updateAutomation(engine: SaveEngine, id: string, patch: unknown): Promise<AutomationRecord> {
  const ctx = await runnableContext(engine);
  return engine.db.$transaction(async (tx) => {
    const stored = await getAutomation(tx, id);
    const next = parseOrThrow(
      { safeParse: (input) => applyAutomationPatch(stored, input) },
      patch,
      "invalid automation",
    );
    assertRunnable({ ...next, status: next.status ?? stored.status, shadow: next.shadow ?? stored.shadow }, ctx);
    await ensureWebhookEndpoints(tx, stepWebhookUrls(next.steps));
    const movesTrigger = next.trigger !== stored.trigger;
    const row = await tx.automation.update({
      where: { id },
      data: {
        name: next.name,
        trigger: next.trigger,
        status: next.status ?? stored.status,
        shadow: next.shadow ?? stored.shadow,
        conditions: toJson(next.conditions),
        steps: toJson(next.steps),
        ...(movesTrigger ? { priority: await nextPriority(tx, next.trigger) } : {}),
      },
    });
    if (movesTrigger) await compactPriorities(tx, stored.trigger);
    return toAutomationRecord(row);
  });
}
