import cron from "node-cron";
import type { Engine } from "@/lib/engine/engine";
import { claimPendingEvents, matchClaimedEvent, releaseEvents } from "@/lib/events/process-event";
import { claimDueSteps, nextStepDueAt, releaseSteps } from "@/lib/jobs/claim";
import { forgetHeartbeat, recordHeartbeat } from "@/lib/jobs/heartbeat";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { executeStep } from "@/lib/runs/execute-step";
import { startPump } from "./pump";

export interface WorkerOptions {
  /** Steps (and, apart, events) in flight at once; default WORKER_CONCURRENCY. Stripe's rate limit paces them further. */
  concurrency?: number;
}

export interface Worker {
  stop(): Promise<void>;
  /** Runs a tick now and resolves once nothing due is left in flight (the first tick at start; tests). */
  tickNow(): Promise<void>;
}

/**
 * The scheduler. Steps and events each have a pump that keeps WORKER_CONCURRENCY of them in flight
 * and sleeps when nothing is due; a pump wakes when told work is waiting (lib/jobs/work-signal.ts:
 * in this process, and on PostgreSQL from any), and at the moment the next step falls due. node-cron
 * ticks on SCHEDULER_CRON as the backstop: it runs the engine's timed jobs, takes up work whose
 * lease a dead worker left, and wakes both pumps in case a signal was lost.
 */
export function startWorker(engine: Engine, options: WorkerOptions = {}): Worker {
  const log = engine.log.child({ workerId: engine.workerId });
  const concurrency = options.concurrency ?? engine.config.workerConcurrency;
  const onError = (what: string) => (error: unknown, during: "claim" | "work") =>
    log.error({ err: error, during }, `${what}: ${during} failed`);

  // What the pumps did since the last tick, logged at each tick as one line.
  const done = { steps: 0, events: 0 };
  const steps = startPump({
    concurrency,
    claim: (limit) => claimDueSteps(engine, limit),
    work: async (stepId) => {
      await executeStep(engine, stepId);
      done.steps += 1;
    },
    release: (stepIds) => releaseSteps(engine, stepIds),
    nextDueAt: () => nextStepDueAt(engine),
    onError: onError("steps"),
  });
  const events = startPump({
    concurrency,
    claim: (limit) => claimPendingEvents(engine, limit),
    work: async (claimed) => {
      if ((await matchClaimedEvent(engine, claimed)) !== null) done.events += 1;
    },
    release: (claimed) =>
      releaseEvents(
        engine,
        claimed.map((event) => event.eventId),
      ),
    onError: onError("events"),
  });
  const unsubscribe = engine.signal.subscribe((kind) => (kind === "events" ? events : steps).wake());

  const report = (jobs: number) => {
    const { steps: stepCount, events: eventCount } = done;
    done.steps = 0;
    done.events = 0;
    if (stepCount || eventCount || jobs) {
      log.info(
        { steps: stepCount, jobs, events: eventCount },
        `tick: ${stepCount} step(s), ${jobs} job(s), ${eventCount} event(s) matched since the last tick`,
      );
    }
  };

  let jobsRunning: Promise<void> | null = null;
  const runJobs = (): Promise<void> => {
    jobsRunning ??= runDueJobs(engine)
      .then(report)
      .catch((error: unknown) => log.error({ err: error }, "tick: jobs failed"))
      .finally(() => {
        jobsRunning = null;
      });
    return jobsRunning;
  };
  const startedAt = engine.now();
  const heartbeat = () =>
    recordHeartbeat(engine, startedAt).catch((error: unknown) =>
      log.error({ err: error }, "tick: the heartbeat was not recorded (readiness will say no worker ticked)"),
    );
  const tick = async () => {
    events.wake();
    steps.wake();
    await Promise.all([heartbeat(), runJobs()]);
  };

  const task = cron.schedule(engine.config.schedulerCron, () => void tick());
  log.info(
    { cron: engine.config.schedulerCron, concurrency },
    `worker started; ticking on "${engine.config.schedulerCron}", ${concurrency} at a time, woken when work is due`,
  );

  return {
    async tickNow() {
      await tick();
      await events.idle();
      await steps.idle();
    },
    async stop() {
      await task.stop();
      unsubscribe();
      await Promise.all([events.stop(), steps.stop(), jobsRunning]);
      report(0);
      await forgetHeartbeat(engine).catch(() => undefined);
    },
  };
}
