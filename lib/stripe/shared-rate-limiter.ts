// Stripe's limit is per account, not per process: STRIPE_MAX_REQUESTS_PER_SECOND holds for every
// worker and web process on one database together, however many there are.
//
// The processes share one timeline of slots, 1/rate apart, kept as a single row (RateLimit): a
// process reserves the next few slots with one UPDATE that moves the row's next free slot on, then
// starts one request at each of its slots. Every slot on the timeline is 1/rate after the one before,
// whoever reserved it, so no second holds more than the rate (give or take a start a busy event
// loop made late, see startAt); after an idle spell the timeline starts again from now, so the
// first second is used in full.
//
// A process reserves no more slots than it has requests waiting, and never more than HORIZON_MS
// ahead of now: a slot goes unused only when its process dies or is too busy to start on time,
// and the processes take turns.
// Slots are in the database's clock (PostgreSQL's clock_timestamp(); on SQLite every process is on
// one machine, so the machine's), and each process turns them into its own clock by the offset the
// reservation returns, so processes on machines with skewed clocks still keep the pace.
import { Prisma } from "@/lib/db/generated/sqlite/client";
import type { Db } from "@/lib/db/client";
import type { DatabaseProvider } from "@/lib/db/database-url";
import type { Logger } from "@/lib/log/logger";
import type { RateLimiter } from "./rate-limiter";

const HORIZON_MS = 200;
const RETRY_MS = 250;
/**
 * How late a start may be before its slot is given up: at least an interval, and never less than a
 * reservation's round trip takes, or at a high rate every slot would arrive already too late.
 */
const LATE_MS = 25;

/** Epoch milliseconds with the monotonic clock's resolution (pacing 1,000/s needs sub-millisecond). */
const now = () => performance.timeOrigin + performance.now();

export interface SharedRateLimiterOptions {
  db: Db;
  provider: DatabaseProvider;
  ratePerSecond: number;
  /** The timeline's row; one per account (all of this database's processes speak for one). */
  key?: string;
  log: Logger;
  /** Told how long each request waited for its slot (metrics). */
  onWait?: (ms: number) => void;
}

interface Waiter {
  resolve: () => void;
  since: number;
}

export function createSharedRateLimiter(options: SharedRateLimiterOptions): RateLimiter {
  const { db, provider, ratePerSecond, log } = options;
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
    throw new Error(`rate limiter: ratePerSecond must be a positive number (got ${ratePerSecond})`);
  }
  const key = options.key ?? "stripe";
  const intervalMs = 1000 / ratePerSecond;
  const lateMs = Math.max(intervalMs, LATE_MS);
  // At most a tenth of a second's slots per reservation, so the others' turns come quickly.
  const batch = Math.max(1, Math.floor(ratePerSecond / 10));
  const waiting: Waiter[] = [];
  let reserving = false;
  let created = false;
  /** Local time of the last slot this process holds. */
  let lastSlotAt = 0;
  /** When this process last started a request. */
  let lastStart = Number.NEGATIVE_INFINITY;

  const ensureRow = async () => {
    if (created) return;
    await db.$executeRaw`INSERT INTO "RateLimit" ("key", "nextSlotMs") VALUES (${key}, 0) ON CONFLICT ("key") DO NOTHING`;
    created = true;
  };

  /** Reserves `count` slots; returns their start times on this process's clock. */
  const reserve = async (count: number): Promise<number[]> => {
    await ensureRow();
    const span = count * intervalMs;
    const sent = now();
    let end: number;
    let offset: number;
    if (provider === "postgresql") {
      const rows = await db.$queryRaw<Array<{ end: number; now: number }>>`
        UPDATE "RateLimit" SET "nextSlotMs" = GREATEST("nextSlotMs", c."now") + ${span}
        FROM (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS "now") c
        WHERE "key" = ${key}
        RETURNING "nextSlotMs" AS "end", c."now" AS "now"`;
      const row = rows[0]!;
      end = Number(row.end);
      // The database read its clock about halfway through the round trip.
      offset = Number(row.now) - (sent + now()) / 2;
    } else {
      const rows = await db.$queryRaw<Array<{ end: number }>>(
        Prisma.sql`UPDATE "RateLimit" SET "nextSlotMs" = MAX("nextSlotMs", ${sent}) + ${span}
          WHERE "key" = ${key} RETURNING "nextSlotMs" AS "end"`,
      );
      end = Number(rows[0]!.end);
      offset = 0;
    }
    const first = end - span - offset;
    return Array.from({ length: count }, (_, i) => first + i * intervalMs);
  };

  /**
   * Starts `waiter` at `at` (this process's clock), and never sooner than an interval after this
   * process's last start: a timer that fired late must not bring the next one closer than the pace.
   * A start LATE_MS (or an interval, if longer) past its slot — a busy event loop — gives the slot up,
   * and the waiter queues again at the front: it would crowd the slots other processes hold next.
   */
  const startAt = (waiter: Waiter, at: number) => {
    const go = () => {
      const current = now();
      const notBefore = Math.max(at, lastStart + intervalMs);
      if (current < notBefore) {
        setTimeout(go, Math.ceil(notBefore - current));
        return;
      }
      if (current - at >= lateMs) {
        waiting.unshift(waiter);
        void pump();
        return;
      }
      lastStart = current;
      options.onWait?.(current - waiter.since);
      waiter.resolve();
    };
    go();
  };

  /** Gives every waiter a slot, a batch per reservation, keeping within the horizon. */
  const pump = async () => {
    if (reserving) return;
    reserving = true;
    try {
      while (waiting.length > 0) {
        const ahead = lastSlotAt - now();
        if (ahead > HORIZON_MS) await new Promise((resolve) => setTimeout(resolve, ahead - HORIZON_MS));
        const count = Math.min(batch, waiting.length);
        let slots: number[];
        try {
          slots = await reserve(count);
        } catch (error) {
          log.warn({ err: error, key }, "rate limit: reserving slots failed; trying again");
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
        for (const at of slots) startAt(waiting.shift()!, at);
        lastSlotAt = slots[slots.length - 1]!;
      }
    } finally {
      reserving = false;
    }
  };

  return {
    ratePerSecond,
    burst: 1,
    waiting: () => waiting.length,
    acquire() {
      return new Promise<void>((resolve) => {
        waiting.push({ resolve, since: now() });
        void pump();
      });
    },
  };
}
