import { Prisma } from "@/lib/db/generated/sqlite/client";
import type { SqlRunner } from "@/lib/db/direct-sql";
import type { Engine } from "@/lib/engine/engine";

/**
 * A due step `c` may be claimed: its run is running and no earlier blocking step of the run is
 * unfinished. A lookup by key per candidate: driving from the due steps keeps the cost independent
 * of how many runs are running.
 */
export const CLAIMABLE = Prisma.sql`EXISTS (SELECT 1 FROM "Run" r WHERE r."id" = c."runId" AND r."status" = 'running')
  AND NOT EXISTS (
    SELECT 1 FROM "RunStep" p
    WHERE p."runId" = c."runId" AND p."blocking" = TRUE AND p."position" < c."position"
      AND p."status" IN ('pending', 'running')
  )`;

/**
 * Claims up to `limit` due steps for this worker, so no two workers ever hold the same step: on
 * PostgreSQL the candidates are row-locked with FOR UPDATE SKIP LOCKED (others skip them instead of
 * waiting); SQLite runs one writer at a time, so each statement is atomic as is.
 * A step is due when its time has come, its run is running and no earlier blocking step of the run
 * is unfinished. Two statements in one claim transaction, each read in order off the (status, dueAt)
 * index so that neither grows with the backlog (claimInIndexOrder): steps whose worker died (running, lease expired: never more than the
 * workers held), then pending ones. The claim counts the attempt.
 */
export async function claimDueSteps(engine: Engine, limit: number): Promise<string[]> {
  return engine.sql.claimInIndexOrder(async (sql) => {
    const expired = await claimSteps(engine, sql, limit, "running");
    if (expired.length >= limit) return expired;
    return [...expired, ...(await claimSteps(engine, sql, limit - expired.length, "pending"))];
  });
}

async function claimSteps(
  engine: Engine,
  sql: SqlRunner,
  limit: number,
  status: "pending" | "running",
): Promise<string[]> {
  const now = engine.now();
  const leaseUntil = new Date(now.getTime() + engine.config.leaseSeconds * 1000);
  const lock = engine.provider === "postgresql" ? Prisma.sql`FOR UPDATE OF c SKIP LOCKED` : Prisma.empty;
  // A pending step holds no lease (a retry lets it go); a running one is claimable once its lease ends.
  const leaseEnded = status === "running" ? Prisma.sql`AND c."lockedUntil" < ${now}` : Prisma.empty;
  const rows = await sql.query<{ id: string }>(Prisma.sql`
    UPDATE "RunStep"
    SET "status" = 'running', "lockedBy" = ${engine.workerId}, "lockedUntil" = ${leaseUntil},
        "attempts" = "attempts" + 1, "startedAt" = COALESCE("startedAt", ${now})
    WHERE "id" IN (
      SELECT c."id" FROM "RunStep" c
      WHERE c."status" = ${status}
        AND c."dueAt" <= ${now}
        ${leaseEnded}
        AND ${CLAIMABLE}
      ORDER BY c."dueAt"
      LIMIT ${limit}
      ${lock}
    )
    RETURNING "id"`);
  return rows.map((row) => row.id);
}

/**
 * Gives back steps this worker claimed but never started (it is stopping): pending again, the
 * attempt the claim counted uncounted, so another worker takes them up now rather than after the lease.
 */
export async function releaseSteps(engine: Engine, stepIds: string[]): Promise<void> {
  if (stepIds.length === 0) return;
  await engine.db.$executeRaw`
    UPDATE "RunStep"
    SET "status" = 'pending', "lockedBy" = NULL, "lockedUntil" = NULL, "attempts" = "attempts" - 1,
        "startedAt" = CASE WHEN "attempts" = 1 THEN NULL ELSE "startedAt" END
    WHERE "id" IN (${Prisma.join(stepIds)}) AND "lockedBy" = ${engine.workerId} AND "status" = 'running'`;
}

/**
 * When the next pending step falls due after now, so an idle worker can wake exactly then; null
 * when none is scheduled. Steps already due but not claimable (behind a step in backoff) are not
 * a reason to wake.
 */
export async function nextStepDueAt(engine: Engine): Promise<Date | null> {
  const next = await engine.db.runStep.findFirst({
    where: { status: "pending", dueAt: { gt: engine.now() } },
    orderBy: { dueAt: "asc" },
    select: { dueAt: true },
  });
  return next?.dueAt ?? null;
}

/** The same claim for the engine's own jobs (the overdue check). */
export async function claimDueJobs(engine: Engine, limit: number): Promise<string[]> {
  const now = engine.now();
  const leaseUntil = new Date(now.getTime() + engine.config.leaseSeconds * 1000);
  const lock = engine.provider === "postgresql" ? Prisma.sql`FOR UPDATE OF j SKIP LOCKED` : Prisma.empty;
  const rows = await engine.db.$queryRaw<Array<{ id: string }>>`
    UPDATE "Job"
    SET "status" = 'running', "lockedBy" = ${engine.workerId}, "lockedUntil" = ${leaseUntil}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT j."id" FROM "Job" j
      WHERE j."status" IN ('pending', 'running') AND j."runAt" <= ${now}
        AND (j."lockedUntil" IS NULL OR j."lockedUntil" < ${now})
      ORDER BY j."runAt"
      LIMIT ${limit}
      ${lock}
    )
    RETURNING "id"`;
  return rows.map((row) => row.id);
}
