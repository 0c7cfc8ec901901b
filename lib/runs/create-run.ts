import type { Tx } from "@/lib/db/client";
import type { Engine } from "@/lib/engine/engine";
import { countRunStarted } from "@/lib/metrics/metrics";
import type { Trigger } from "@/lib/triggers";
import { triggerDefinitions } from "@/lib/triggers";
import type { StripeObject } from "@/lib/rules/facts";
import type { Step } from "@/lib/automations/schema";
import { insertRows, json, newId, type Row, type TableRows } from "@/lib/db/insert-rows";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { prismaRunner } from "@/lib/db/direct-sql";
import { computeDueTimes } from "./compute-due-times";
import type { RunSnapshot } from "./run-snapshot";
import { outcomeFields } from "@/lib/outcomes/attribution";
import { buildRunContext } from "@/lib/steps/run-context";

export interface NewRunInput {
  automation: { id: string; name: string; version: number; steps: Step[] };
  trigger: Trigger;
  object: StripeObject;
  eventId: string;
  anchorAt: Date;
  /** When the trigger's moment happened: the run's outcome is counted from it (lib/outcomes). */
  matchedAt: Date;
  dueDate?: Date;
  dryRun: boolean;
  /** Set when an event the engine's own call caused started this run. */
  chain?: { causedByRunId: string; depth: number };
}

/** What a started run's caller needs: its id, its trigger, and when its first step falls due. */
export interface StartedRun {
  id: string;
  trigger: Trigger;
  firstDueAt: Date | null;
}

/**
 * A run's rows: the run, every action step with its absolute due time (so the worker needs nothing
 * but the due time to fire each one), and its outcome, followed from now on. Raw inserts (lib/db/
 * insert-rows.ts): starting a run is on every matched event's path, where Prisma's model API cost
 * three statements' worth of CPU each. The ids and timestamps Prisma would give are given here.
 */
export function newRun(input: NewRunInput): { run: StartedRun; inserts: TableRows[] } {
  const objectType = triggerDefinitions[input.trigger].objectType;
  const context = buildRunContext(objectType, input.object);
  const scheduled = computeDueTimes(input.automation.steps, input.anchorAt, input.dueDate);
  const snapshot: RunSnapshot = { automationName: input.automation.name, steps: input.automation.steps };
  const id = newId();
  const createdAt = new Date();
  const run: Row = {
    id,
    automationId: input.automation.id,
    automationVersion: input.automation.version,
    trigger: input.trigger,
    objectType,
    objectId: context.objectId,
    invoiceId: context.invoice?.id ?? null,
    subscriptionId: context.subscription?.id ?? context.invoice?.subscriptionId ?? null,
    customerId: context.customerId,
    customerEmail: context.invoice?.customerEmail?.toLowerCase() ?? null,
    amount: context.invoice?.amountDue ?? null,
    currency: context.invoice?.currency ?? null,
    eventId: input.eventId,
    dryRun: input.dryRun,
    anchorAt: input.anchorAt,
    causedByRunId: input.chain?.causedByRunId ?? null,
    chainDepth: input.chain?.depth ?? 0,
    snapshot: json(snapshot),
    context: json(context),
    createdAt,
    updatedAt: createdAt,
  };
  const steps: Row[] = scheduled.map((step) => ({
    id: newId(),
    runId: id,
    position: step.position,
    key: String(step.position),
    action: step.action,
    params: json(step.params ?? {}),
    dueAt: step.dueAt,
    dryRun: input.dryRun,
    createdAt,
  }));
  const outcome: Row = {
    id: newId(),
    ...outcomeFields({ ...input, automationId: input.automation.id, runId: id }),
    createdAt,
    updatedAt: createdAt,
  };
  const firstDueAt = scheduled.reduce<Date | null>(
    (first, step) => (first && first <= step.dueAt ? first : step.dueAt),
    null,
  );
  return {
    run: { id, trigger: input.trigger, firstDueAt },
    inserts: [
      { table: "Run", rows: [run] },
      { table: "RunStep", rows: steps },
      { table: "Outcome", rows: [outcome] },
    ],
  };
}

/** Starts a run inside the caller's transaction. */
export async function createRun(tx: Tx, provider: DatabaseProvider, input: NewRunInput): Promise<StartedRun> {
  const { run, inserts } = newRun(input);
  for (const insert of inserts) await insertRows(prismaRunner(tx), provider, insert);
  return run;
}

/**
 * After the run's transaction commits: counts it, and wakes the workers when its first step falls
 * due before an idle worker's timer could know of it (the next tick rearms that timer).
 */
export function afterRunStarted(
  engine: Pick<Engine, "signal" | "now">,
  run: { trigger: string; firstDueAt: Date | null },
): void {
  countRunStarted(run.trigger);
  if (run.firstDueAt && run.firstDueAt.getTime() <= engine.now().getTime() + ANNOUNCE_WITHIN_MS) {
    engine.signal.notify("steps");
  }
}

/** Longer than any tick (SCHEDULER_CRON's default is 5 s), so a step due sooner is never left to it. */
const ANNOUNCE_WITHIN_MS = 60_000;
