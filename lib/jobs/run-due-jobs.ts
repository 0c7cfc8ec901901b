import { z } from "zod";
import { readJson, toJson } from "@/lib/db/json";
import type { Engine } from "@/lib/engine/engine";
import { errorMessage } from "@/lib/log/logger";
import { redactText } from "@/lib/config";
import { OVERDUE_CHECK } from "@/lib/events/overdue-check";
import { runOverdueCheck } from "@/lib/events/run-overdue-check";
import { MAX_JOB_ATTEMPTS, retryAt } from "./backoff";
import { claimDueJobs } from "./claim";

/** The engine's own timed work, by kind: what runs it and how its payload reads. */
const JOB_KINDS: Record<string, (engine: Engine, payload: unknown) => Promise<string>> = {
  [OVERDUE_CHECK]: runOverdueCheck,
};

/** Claims the due jobs and runs each; a failure is retried with the one backoff, then given up. */
export async function runDueJobs(engine: Engine, limit = 50): Promise<number> {
  const claimed = await claimDueJobs(engine, limit);
  for (const jobId of claimed) {
    const job = await engine.db.job.findUniqueOrThrow({ where: { id: jobId } });
    const fenced = { id: jobId, lockedBy: engine.workerId };
    try {
      const run = JOB_KINDS[job.kind];
      const outcome = run ? await run(engine, job.payload) : `unknown job kind ${job.kind}`;
      const payload = readJson(z.looseObject({}), job.payload, `job ${jobId}'s payload`);
      await engine.db.job.updateMany({
        where: fenced,
        data: {
          status: "done",
          lastError: null,
          finishedAt: engine.now(),
          lockedBy: null,
          lockedUntil: null,
          payload: toJson({ ...payload, outcome }),
        },
      });
    } catch (error) {
      const message = redactText(errorMessage(error), engine.config);
      const gaveUp = job.attempts >= MAX_JOB_ATTEMPTS;
      engine.log.error(
        { jobId, jobKind: job.kind, jobKey: job.key, attempt: job.attempts, gaveUp, err: error },
        gaveUp ? `job failed; giving up: ${message}` : `job failed; will retry: ${message}`,
      );
      await engine.db.job.updateMany({
        where: fenced,
        data: gaveUp
          ? { status: "failed", lastError: message, finishedAt: engine.now(), lockedBy: null, lockedUntil: null }
          : {
              status: "pending",
              lastError: message,
              runAt: retryAt(engine.now(), job.attempts),
              lockedBy: null,
              lockedUntil: null,
            },
      });
    }
  }
  return claimed.length;
}
