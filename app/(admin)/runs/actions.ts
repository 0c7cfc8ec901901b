"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import { parseOrThrow } from "@/lib/errors";
import { cancelRun } from "@/lib/runs/cancel-run";
import { retryStep } from "@/lib/runs/retry-step";
import { actOnRuns, type BulkRunsResult } from "@/lib/runs/bulk-runs";

const id = z.string().trim().min(1, "an id is required").max(100);

/** Cancel run — a person stops a running run; its steps that have not started are canceled. */
export async function cancelRunAction(runId: string): Promise<ActionResult<null>> {
  const result = await runAdminAction("cancel run", "operator", async (engine, actor) => {
    await cancelRun(engine.db, actor, parseOrThrow(id, runId, "run id"), engine.now());
    return null;
  });
  if (result.ok) {
    revalidatePath(`/runs/${runId}`);
    revalidatePath("/runs");
  }
  return result;
}

/** The runs list's selection: cancel the running ones, or retry the failed ones' failed step. */
export async function actOnRunsAction(input: unknown): Promise<ActionResult<BulkRunsResult>> {
  const result = await runAdminAction("act on runs", "operator", async (engine, actor) => {
    const done = await actOnRuns(engine.db, actor, input, engine.now());
    if (done.action === "retry" && done.done.length) engine.signal.notify("steps");
    return done;
  });
  if (result.ok) revalidatePath("/runs", "layout");
  return result;
}

/** Retry step — a failed step goes back to pending, due now; the workers are told at once. */
export async function retryStepAction(stepId: string): Promise<ActionResult<{ runId: string }>> {
  const result = await runAdminAction("retry step", "operator", async (engine, actor) => {
    const run = await retryStep(engine.db, actor, { stepId: parseOrThrow(id, stepId, "step id"), now: engine.now() });
    engine.signal.notify("steps");
    return { runId: run.id };
  });
  if (result.ok) {
    revalidatePath(`/runs/${result.data.runId}`);
    revalidatePath("/runs");
  }
  return result;
}
