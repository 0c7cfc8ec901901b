import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Actor } from "@/lib/auth/actor";
import type { Db, Tx } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { Engine } from "@/lib/engine/engine";
import { endRun } from "@/lib/runs/end-run";
import { assertRunnable, runnableContext } from "./check-runnable";
import { getAutomation } from "./list-automations";
import { compactPriorities } from "./reorder-automations";
import { toAutomationRecord, type AutomationRecord } from "./serialize-automation";
import { definitionOf, recordVersion } from "@/lib/versions/automation-versions";

const inProgressSchema = z.enum(["finish", "cancel"], {
  error: 'inProgress must be "finish" (let running runs finish) or "cancel" (cancel them now)',
});
export type InProgressChoice = z.infer<typeof inProgressSchema>;

function parseInProgress(value: unknown): InProgressChoice {
  const parsed = inProgressSchema.safeParse(value);
  if (!parsed.success) {
    throw invalid(parsed.error.issues[0]!.message, [{ path: "inProgress", message: parsed.error.issues[0]!.message }]);
  }
  return parsed.data;
}

async function settleRuns(tx: Tx, automationId: string, choice: InProgressChoice, reason: string, now: Date) {
  if (choice === "finish") return 0;
  const runs = await tx.run.findMany({ where: { automationId, status: "running" }, select: { id: true } });
  for (const run of runs) await endRun(tx, { runId: run.id, status: "canceled", reason, now });
  return runs.length;
}

export interface StatusChange {
  automation: AutomationRecord;
  canceledRuns: number;
}

/** Takes the automation out of matching at once; its running runs finish or are canceled now. */
export async function pauseAutomation(
  db: Db,
  actor: Actor,
  id: string,
  inProgress: unknown,
  now = new Date(),
): Promise<StatusChange> {
  const choice = parseInProgress(inProgress);
  return db.$transaction(async (tx) => {
    const stored = await getAutomation(tx, id);
    const row = await tx.automation.update({ where: { id }, data: { status: "paused", version: { increment: 1 } } });
    const canceledRuns = await settleRuns(
      tx,
      id,
      choice,
      `canceled when ${actorLabel(actor)} paused the automation`,
      now,
    );
    const automation = toAutomationRecord(row);
    await recordStatusChange(tx, actor, stored, automation, "paused", canceledRuns, now);
    return { automation, canceledRuns };
  });
}

/** A status change is a version too, and an audit entry that says what happened to the runs. */
async function recordStatusChange(
  tx: Tx,
  actor: Actor,
  before: AutomationRecord,
  after: AutomationRecord,
  change: "paused" | "resumed" | "deleted",
  canceledRuns: number,
  now: Date,
): Promise<void> {
  await recordVersion(tx, after, change, actor, now);
  const runs =
    change === "resumed" ? "" : canceledRuns ? `; ${canceledRuns} running run(s) canceled` : "; running runs finish";
  await recordAudit(
    tx,
    actor,
    {
      action: `automation.${change}`,
      entity: "automation",
      entityId: after.id,
      before: definitionOf(before),
      after: definitionOf(after),
      summary: `${change[0]!.toUpperCase()}${change.slice(1)} ${after.name}${runs}`,
    },
    now,
  );
}

/** Puts it back into matching, once its steps can run with the present configuration. */
export async function resumeAutomation(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
  actor: Actor,
  id: string,
): Promise<AutomationRecord> {
  const ctx = await runnableContext(engine);
  return engine.db.$transaction(async (tx) => {
    const stored = await getAutomation(tx, id);
    assertRunnable({ ...stored, status: "active" }, ctx);
    const automation = toAutomationRecord(
      await tx.automation.update({ where: { id }, data: { status: "active", version: { increment: 1 } } }),
    );
    await recordStatusChange(tx, actor, stored, automation, "resumed", 0, engine.now());
    return automation;
  });
}

/**
 * Deletes an automation but keeps its history: the row stays (runs and traces point at it), out of
 * matching and lists, and its priority slot is given up.
 */
export async function deleteAutomation(
  db: Db,
  actor: Actor,
  id: string,
  inProgress: unknown,
  now = new Date(),
): Promise<StatusChange> {
  const choice = parseInProgress(inProgress);
  return db.$transaction(async (tx) => {
    const stored = await getAutomation(tx, id);
    const row = await tx.automation.update({
      where: { id },
      data: { status: "paused", deletedAt: now, priority: null, version: { increment: 1 } },
    });
    const canceledRuns = await settleRuns(
      tx,
      id,
      choice,
      `canceled when ${actorLabel(actor)} deleted the automation`,
      now,
    );
    await compactPriorities(tx, stored.trigger);
    const automation = toAutomationRecord(row);
    await recordStatusChange(tx, actor, stored, automation, "deleted", canceledRuns, now);
    return { automation, canceledRuns };
  });
}

/** How many runs of an automation are in progress (shown before pausing or deleting). */
export function countRunsInProgress(db: Db, automationId: string): Promise<number> {
  return db.run.count({ where: { automationId, status: "running" } });
}
