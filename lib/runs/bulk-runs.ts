// Acting on many runs at once (the runs list's selection, POST /api/runs/bulk): each run goes
// through the same function as one run does, in its own transaction, so one that cannot be acted
// on (it ended meanwhile, say) is reported with why and the rest still go.
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError, conflict, parseOrThrow } from "@/lib/errors";
import { cancelRun } from "./cancel-run";
import { retryStep } from "./retry-step";

/** The most one request acts on: a page of the runs list is 25, the API's largest 200. */
export const MAX_BULK_RUNS = 200;

export const bulkRunsSchema = z.object({
  action: z.enum(["cancel", "retry"], { error: "action must be cancel or retry" }),
  runIds: z
    .array(z.string().trim().min(1).max(100), { error: "runIds must be a list of run ids" })
    .min(1, { error: "runIds must name at least one run" })
    .max(MAX_BULK_RUNS, { error: `runIds may name at most ${MAX_BULK_RUNS} runs` }),
});
export type BulkRunsInput = z.input<typeof bulkRunsSchema>;

export interface BulkRunsResult {
  action: "cancel" | "retry";
  /** The runs acted on. */
  done: string[];
  /** The runs left as they were, each with why (already ended, nothing failed to retry…). */
  skipped: Array<{ runId: string; reason: string }>;
}

/** The failed step a failed run stopped at: retrying it runs the rest of the run again. */
async function failedStepOf(db: Db, runId: string): Promise<string> {
  const step = await db.runStep.findFirst({
    where: { runId, status: "failed" },
    orderBy: [{ dueAt: "asc" }, { position: "asc" }],
    select: { id: true },
  });
  if (!step) throw conflict(`run ${runId} has no failed step to retry`);
  return step.id;
}

export async function actOnRuns(db: Db, actor: Actor, input: unknown, now: Date): Promise<BulkRunsResult> {
  const { action, runIds } = parseOrThrow(bulkRunsSchema, input, "invalid bulk action");
  const result: BulkRunsResult = { action, done: [], skipped: [] };
  for (const runId of new Set(runIds)) {
    try {
      if (action === "cancel") await cancelRun(db, actor, runId, now);
      else await retryStep(db, actor, { stepId: await failedStepOf(db, runId), now });
      result.done.push(runId);
    } catch (error) {
      // A run that cannot be acted on is reported; anything else is a bug and stops the request.
      if (!(error instanceof AppError)) throw error;
      result.skipped.push({ runId, reason: error.message });
    }
  }
  return result;
}
