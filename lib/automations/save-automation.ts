import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { toJson } from "@/lib/db/json";
import { definitionOf, recordVersion } from "@/lib/versions/automation-versions";
import type { Tx } from "@/lib/db/client";
import type { Engine } from "@/lib/engine/engine";
import { parseOrThrow } from "@/lib/errors";
import { ensureWebhookEndpoints } from "@/lib/webhooks-out/endpoints";
import { assertRunnable, runnableContext, stepWebhookUrls } from "./check-runnable";
import { applyAutomationPatch, automationInputSchema, type AutomationInput } from "./schema";
import { getAutomation } from "./list-automations";
import { compactPriorities, nextPriority } from "./reorder-automations";
import { toAutomationRecord, type AutomationRecord } from "./serialize-automation";

type SaveEngine = Pick<Engine, "db" | "config" | "gateway" | "now">;

/**
 * Creates an automation at the end of its trigger's priority order (the priority panel moves it).
 * An active one must be able to run with the present configuration (check-runnable.ts).
 */
export async function createAutomation(engine: SaveEngine, actor: Actor, body: unknown): Promise<AutomationRecord> {
  const input = parseOrThrow(automationInputSchema, body, "invalid automation");
  assertRunnable(input, await runnableContext(engine));
  return engine.db.$transaction(async (tx) => insertAutomation(tx, input, actor, engine.now(), "created"));
}

const MAX_NAME = 120;

/**
 * A copy of an automation — its trigger, conditions, steps and holdout — named "Copy of …",
 * paused and placed last on its trigger, so nothing matches differently until someone turns it on.
 */
export async function duplicateAutomation(engine: SaveEngine, actor: Actor, id: string): Promise<AutomationRecord> {
  const source = await getAutomation(engine.db, id);
  return createAutomation(engine, actor, {
    name: `Copy of ${source.name}`.slice(0, MAX_NAME),
    trigger: source.trigger,
    status: "paused",
    holdoutPercent: source.holdoutPercent,
    conditions: source.conditions,
    steps: source.steps,
  });
}

/** A new automation at version 1, with its audit entry (change: "created" or "imported"). */
export async function insertAutomation(
  tx: Tx,
  input: AutomationInput,
  actor: Actor,
  now: Date,
  change: "created" | "imported",
): Promise<AutomationRecord> {
  // Each URL a step sends webhooks to gets its own signing secret now, shown in Settings before the first delivery.
  await ensureWebhookEndpoints(tx, stepWebhookUrls(input.steps));
  const row = await tx.automation.create({
    data: {
      name: input.name,
      trigger: input.trigger,
      status: input.status ?? "active",
      shadow: input.shadow ?? false,
      holdoutPercent: input.holdoutPercent ?? 0,
      priority: await nextPriority(tx, input.trigger),
      conditions: toJson(input.conditions),
      steps: toJson(input.steps),
    },
  });
  const created = toAutomationRecord(row);
  await recordVersion(tx, created, change, actor, now);
  await recordAudit(
    tx,
    actor,
    {
      action: `automation.${change}`,
      entity: "automation",
      entityId: created.id,
      after: definitionOf(created),
      summary: `${change === "created" ? "Created" : "Imported"} ${created.name} (${created.trigger}), version 1`,
    },
    now,
  );
  return created;
}

/**
 * Applies a partial change. The merged automation is validated as a whole (a new trigger must allow
 * the existing steps). Moving to another trigger puts it last there and closes the gap it leaves.
 * Runs already started keep the steps they started with.
 */
export async function updateAutomation(
  engine: SaveEngine,
  actor: Actor,
  id: string,
  patch: unknown,
  change = "edited",
): Promise<AutomationRecord> {
  const ctx = await runnableContext(engine);
  return engine.db.$transaction(async (tx) => {
    const stored = await getAutomation(tx, id);
    const next = parseOrThrow(
      { safeParse: (input) => applyAutomationPatch(stored, input) },
      patch,
      "invalid automation",
    );
    assertRunnable({ ...next, status: next.status ?? stored.status, shadow: next.shadow ?? stored.shadow }, ctx);
    return writeUpdate(tx, stored, next, actor, engine.now(), change);
  });
}

/**
 * Writes an automation's validated new definition: a new version and its audit entry. Moving to
 * another trigger puts it last there and closes the gap it leaves.
 */
export async function writeUpdate(
  tx: Tx,
  stored: AutomationRecord,
  next: AutomationInput,
  actor: Actor,
  now: Date,
  change: string,
): Promise<AutomationRecord> {
  await ensureWebhookEndpoints(tx, stepWebhookUrls(next.steps));
  const movesTrigger = next.trigger !== stored.trigger;
  const row = await tx.automation.update({
    where: { id: stored.id },
    data: {
      name: next.name,
      trigger: next.trigger,
      status: next.status ?? stored.status,
      shadow: next.shadow ?? stored.shadow,
      holdoutPercent: next.holdoutPercent ?? stored.holdoutPercent,
      conditions: toJson(next.conditions),
      steps: toJson(next.steps),
      version: { increment: 1 },
      ...(movesTrigger ? { priority: await nextPriority(tx, next.trigger) } : {}),
    },
  });
  if (movesTrigger) await compactPriorities(tx, stored.trigger);
  const saved = toAutomationRecord(row);
  await recordVersion(tx, saved, change, actor, now);
  await recordAudit(
    tx,
    actor,
    {
      action: "automation.updated",
      entity: "automation",
      entityId: stored.id,
      before: definitionOf(stored),
      after: definitionOf(saved),
      summary: `${saved.name}: ${change}, now version ${saved.version}`,
    },
    now,
  );
  return saved;
}
