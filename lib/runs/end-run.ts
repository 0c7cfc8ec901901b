import { Prisma } from "@/lib/db/generated/sqlite/client";
import type { Db, Tx } from "@/lib/db/client";
import { prismaRunner, type SqlRunner } from "@/lib/db/direct-sql";
import { countRunEnded } from "@/lib/metrics/metrics";

export type EndStatus = "succeeded" | "failed" | "canceled" | "terminated";

/**
 * Ends a running run and cancels its steps that have not started, inside the caller's transaction
 * (the run and its pending steps change together: a pending step never outlives its run's end,
 * which the worker's claim relies on as much as on the run's status). A step a worker holds right
 * now finishes, but its completion finds the run ended and starts nothing after it.
 * Returns false when the run had already ended (the first ending wins).
 */
export function endRun(tx: Tx, input: RunEnd): Promise<boolean> {
  return endRunWith(prismaRunner(tx), input);
}

interface RunEnd {
  runId: string;
  status: EndStatus;
  reason: string;
  now: Date;
}

/** The same, in a transaction of the worker's direct statements (lib/db/direct-sql.ts). */
export async function endRunWith(runner: SqlRunner, input: RunEnd): Promise<boolean> {
  const ended = await runner.execute(Prisma.sql`
    UPDATE "Run" SET "status" = ${input.status}, "statusReason" = ${input.reason}, "endedAt" = ${input.now},
      "updatedAt" = ${input.now}
    WHERE "id" = ${input.runId} AND "status" = 'running'`);
  if (ended === 0) return false;
  // Counted inside the transaction: a rollback after it (rare: the caller's later write failing)
  // overcounts by one, which a counter can bear better than a missed end.
  countRunEnded(input.status);
  await runner.execute(Prisma.sql`
    UPDATE "RunStep" SET "status" = ${input.status === "failed" ? "skipped" : "canceled"},
      "finishedAt" = ${input.now}, "error" = NULL
    WHERE "runId" = ${input.runId} AND "status" = 'pending'`);
  return true;
}

/**
 * Ends a running run as succeeded when it has no step left to do (none pending, none running), in
 * one statement; the caller holds the run's lock (lockRun), so a sibling step's completion cannot
 * slip between the look and the end. True when this call ended it.
 */
export async function endRunIfDone(runner: SqlRunner, input: { runId: string; now: Date }): Promise<boolean> {
  const ended = await runner.execute(Prisma.sql`
    UPDATE "Run" SET "status" = 'succeeded', "statusReason" = 'all steps done', "endedAt" = ${input.now},
      "updatedAt" = ${input.now}
    WHERE "id" = ${input.runId} AND "status" = 'running'
      AND NOT EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = ${input.runId} AND "status" IN ('pending', 'running'))`);
  if (ended === 0) return false;
  countRunEnded("succeeded");
  return true;
}

/** Terminates the running runs of an invoice on the given triggers (paid, voided, auto_advance off…). */
export async function terminateInvoiceRuns(
  db: Db,
  input: {
    invoiceId: string;
    triggers: readonly string[];
    reason: string;
    now: Date;
    sparesRunsThatTookOver?: boolean;
  },
): Promise<string[]> {
  const runs = await db.run.findMany({
    where: {
      invoiceId: input.invoiceId,
      status: "running",
      trigger: { in: [...input.triggers] },
      // auto_advance turned off by a run's own actions is the run at work, not a reason to stop.
      ...(input.sparesRunsThatTookOver ? { tookOverCollection: false } : {}),
    },
    select: { id: true },
  });
  const ended: string[] = [];
  for (const run of runs) {
    const end = { runId: run.id, status: "terminated" as const, reason: input.reason, now: input.now };
    if (await db.$transaction((tx) => endRun(tx, end))) ended.push(run.id);
  }
  return ended;
}
