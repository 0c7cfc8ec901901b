import type { Engine } from "@/lib/engine/engine";
import { errorMessage } from "@/lib/log/logger";

/**
 * A worker ticks every few seconds (SCHEDULER_CRON's default is 5 s): silent this long, no worker
 * is taking due steps up, and the instance is not ready whatever its own state.
 */
export const WORKER_SILENT_AFTER_SECONDS = 60;

export interface Health {
  ready: boolean;
  checks: {
    database: { ok: boolean; ms: number; error?: string };
    worker: { ok: boolean; lastTickSecondsAgo: number | null; workersTicking: number; error?: string };
  };
}

/** Readiness: the database answers, and some worker (in this process or another) ticked recently. */
export async function checkHealth(engine: Pick<Engine, "db" | "now">): Promise<Health> {
  const started = performance.now();
  try {
    await engine.db.$queryRaw`SELECT 1`;
  } catch (error) {
    const database = { ok: false, ms: Math.round(performance.now() - started), error: errorMessage(error) };
    return {
      ready: false,
      checks: {
        database,
        worker: { ok: false, lastTickSecondsAgo: null, workersTicking: 0, error: "database unreachable" },
      },
    };
  }
  const database = { ok: true, ms: Math.round(performance.now() - started) };
  const now = engine.now();
  const since = new Date(now.getTime() - WORKER_SILENT_AFTER_SECONDS * 1000);
  const [last, workersTicking] = await Promise.all([
    engine.db.workerHeartbeat.findFirst({ orderBy: { tickedAt: "desc" }, select: { tickedAt: true } }),
    engine.db.workerHeartbeat.count({ where: { tickedAt: { gte: since } } }),
  ]);
  const lastTickSecondsAgo = last ? Math.max(0, Math.round((now.getTime() - last.tickedAt.getTime()) / 1000)) : null;
  const workerOk = workersTicking > 0;
  const worker = {
    ok: workerOk,
    lastTickSecondsAgo,
    workersTicking,
    ...(workerOk
      ? {}
      : {
          error:
            lastTickSecondsAgo === null
              ? "no worker has ever ticked: start one (npm start runs one unless RUN_WORKER=false; npm run worker)"
              : `no worker has ticked in the last ${WORKER_SILENT_AFTER_SECONDS} s (the last one ${lastTickSecondsAgo} s ago)`,
        }),
  };
  return { ready: workerOk, checks: { database, worker } };
}
