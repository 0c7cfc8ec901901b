import cron from "node-cron";
import type { Engine } from "@/lib/engine/engine";
import { tick, type TickOptions } from "./tick";

export interface Worker {
  stop(): Promise<void>;
  /** Runs a tick now (tests, and the first tick at start); waits for a running one instead of overlapping. */
  tickNow(): Promise<void>;
}

/**
 * The scheduler: node-cron calls `tick` on SCHEDULER_CRON. A tick that is still running when the
 * next is due is not doubled; the next one simply finds less to do.
 */
export function startWorker(engine: Engine, options: TickOptions = {}): Worker {
  const log = engine.log.child({ workerId: engine.workerId });
  let running: Promise<void> | null = null;

  const runTick = (): Promise<void> => {
    running ??= tick(engine, options)
      .then((report) => {
        if (report.events || report.jobs || report.steps) {
          log.info(report, `tick: ${report.steps} step(s), ${report.jobs} job(s), ${report.events} event(s) matched`);
        }
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "tick failed");
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const task = cron.schedule(engine.config.schedulerCron, () => {
    void runTick();
  });
  log.info({ cron: engine.config.schedulerCron }, `worker started; ticking on "${engine.config.schedulerCron}"`);

  return {
    tickNow: runTick,
    async stop() {
      await task.stop();
      await running;
    },
  };
}
