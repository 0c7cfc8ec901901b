import type { Db, Tx } from "@/lib/db/client";
import { countRunEnded } from "@/lib/metrics/metrics";

export type EndStatus = "succeeded" | "failed" | "canceled" | "terminated";

/**
 * Ends a running run and cancels its steps that have not started, inside the caller's transaction
 * (the run and its pending steps change together: a pending step never outlives its run's end,
 * which the worker's claim relies on as much as on the run's status). A step a worker holds right
 * now finishes, but its completion finds the run ended and starts nothing after it.
 * `noPendingSteps` says the caller has just seen none, which saves the statement that cancels them.
 * Returns false when the run had already ended (the first ending wins).
 */
export async function endRun(
  tx: Tx,
  input: { runId: string; status: EndStatus; reason: string; now: Date; noPendingSteps?: boolean },
): Promise<boolean> {
  const { count } = await tx.run.updateMany({
    where: { id: input.runId, status: "running" },
    data: { status: input.status, statusReason: input.reason, endedAt: input.now },
  });
  if (count === 0) return false;
  // Counted inside the transaction: a rollback after it (rare: the caller's later write failing)
  // overcounts by one, which a counter can bear better than a missed end.
  countRunEnded(input.status);
  if (input.noPendingSteps) return true;
  await tx.runStep.updateMany({
    where: { runId: input.runId, status: "pending" },
    data: { status: input.status === "failed" ? "skipped" : "canceled", finishedAt: input.now, error: null },
  });
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
