import type { Engine } from "@/lib/engine/engine";

/** Rows of workers silent this long are a dead worker's, cleared by the live ones. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/** A worker's tick says it is alive: readiness (lib/health) asks that some worker did recently. */
export async function recordHeartbeat(engine: Engine, startedAt: Date): Promise<void> {
  const now = engine.now();
  await engine.db.workerHeartbeat.upsert({
    where: { workerId: engine.workerId },
    create: { workerId: engine.workerId, tickedAt: now, startedAt },
    update: { tickedAt: now },
  });
  await engine.db.workerHeartbeat.deleteMany({
    where: { tickedAt: { lt: new Date(now.getTime() - FORGET_AFTER_MS) } },
  });
}

/** A worker that stops cleanly leaves no row behind to look alive. */
export async function forgetHeartbeat(engine: Engine): Promise<void> {
  await engine.db.workerHeartbeat.deleteMany({ where: { workerId: engine.workerId } });
}
