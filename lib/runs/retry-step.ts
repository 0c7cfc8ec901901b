import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { conflict, notFound } from "@/lib/errors";
import { stepInWords } from "@/lib/steps";
import { getRun } from "./list-runs";

/**
 * A person retries a failed step: the step goes back to pending, due now, with its error and times
 * cleared and its attempts kept (the timeline counts them all). The retry counts as a new try:
 * fresh idempotency keys (Stripe may replay the stored failure of the old ones for a day) and a
 * fresh budget of automatic attempts;
 * the run is running again; and the steps its failure skipped are pending again, on their own due
 * times (or now, if those have passed). The worker's next tick takes the step up.
 * Only a failed step of a failed run can be retried: anything else is a conflict.
 */
export async function retryStep(db: Db, actor: Actor, input: { stepId: string; now: Date }) {
  const { stepId, now } = input;
  const step = await db.runStep.findUnique({
    where: { id: stepId },
    select: {
      id: true,
      key: true,
      action: true,
      status: true,
      error: true,
      runId: true,
      run: { select: { status: true, endedAt: true } },
    },
  });
  if (!step) throw notFound("run step", stepId);
  if (step.status !== "failed") {
    throw conflict(`${stepInWords(step)} is ${step.status}: only a failed step can be retried`);
  }
  if (step.run.status !== "failed") {
    throw conflict(`run ${step.runId} is ${step.run.status}: a step can be retried only while its run is failed`);
  }
  const failedAt = step.run.endedAt;

  await db.$transaction(async (tx) => {
    // The conditional updates are the guard: two people retrying at once, or a cancel racing
    // this, leave exactly one winner.
    const reopened = await tx.run.updateMany({
      where: { id: step.runId, status: "failed" },
      data: { status: "running", statusReason: null, endedAt: null, updatedAt: now },
    });
    if (reopened.count === 0) throw conflict(`run ${step.runId} changed while the step was being retried`);
    const retried = await tx.runStep.updateMany({
      where: { id: step.id, status: "failed" },
      // startedAt too: the timeline then shows when the retried attempt started, not the first one.
      data: {
        status: "pending",
        dueAt: now,
        manualRetries: { increment: 1 },
        error: null,
        startedAt: null,
        finishedAt: null,
        lockedBy: null,
        lockedUntil: null,
      },
    });
    if (retried.count === 0) throw conflict(`${stepInWords(step)} changed while it was being retried`);
    await recordAudit(
      tx,
      actor,
      {
        action: "step.retried",
        entity: "step",
        entityId: step.id,
        before: { status: "failed", error: step.error },
        after: { status: "pending", dueAt: now.toISOString() },
        summary: `Retried ${stepInWords(step)} of run ${step.runId}`,
      },
      now,
    );

    // endRun marked the steps it skipped with the run's end time; earlier endings are not this failure's.
    const skippedByFailure = { runId: step.runId, status: "skipped", ...(failedAt ? { finishedAt: failedAt } : {}) };
    await tx.runStep.updateMany({
      where: { ...skippedByFailure, dueAt: { lt: now } },
      data: { status: "pending", dueAt: now, finishedAt: null, error: null },
    });
    await tx.runStep.updateMany({
      where: skippedByFailure,
      data: { status: "pending", finishedAt: null, error: null },
    });
  });
  return getRun(db, step.runId);
}
