import type { Engine } from "@/lib/engine/engine";
import { claimPendingEvents, matchClaimedEvent } from "@/lib/events/process-event";
import { claimDueSteps } from "@/lib/jobs/claim";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { executeStep } from "@/lib/runs/execute-step";

export interface TickOptions {
  /** Steps claimed per statement. */
  batchSize?: number;
  /** Steps executed at once by this worker (Stripe's rate limit paces them further). */
  concurrency?: number;
  /** Stop claiming after this long, so one tick never runs into the next. */
  maxDurationMs?: number;
}

export interface TickReport {
  events: number;
  jobs: number;
  steps: number;
}

/**
 * Everything due now, at once and to the end: match events still pending, run due jobs, then claim
 * and execute due steps in batches until none is due (or the time is up). The running worker does
 * the same work continuously through its pumps (worker.ts); this one pass is for callers that step
 * a clock and need the work done before they look (the test harness).
 */
export async function tick(engine: Engine, options: TickOptions = {}): Promise<TickReport> {
  const batchSize = options.batchSize ?? 50;
  const concurrency = options.concurrency ?? engine.config.workerConcurrency;
  const deadline = Date.now() + (options.maxDurationMs ?? 60_000);
  const report: TickReport = { events: 0, jobs: 0, steps: 0 };

  // Events first: a run they start may have a step due now. Batches until none is left, so a
  // backlog a web instance without a worker stored drains in one tick.
  while (Date.now() < deadline) {
    const claimed = await claimPendingEvents(engine, 100);
    // Nothing left to take (another process holds the rest, or each failed and waits for its retry).
    if (claimed.length === 0) break;
    await runWithConcurrency(claimed, concurrency, async (event) => {
      if ((await matchClaimedEvent(engine, event)) !== null) report.events += 1;
    });
  }

  report.jobs = await runDueJobs(engine);

  while (Date.now() < deadline) {
    const claimed = await claimDueSteps(engine, batchSize);
    if (claimed.length === 0) break;
    await runWithConcurrency(claimed, concurrency, (stepId) => executeStep(engine, stepId));
    report.steps += claimed.length;
  }
  return report;
}

async function runWithConcurrency<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
