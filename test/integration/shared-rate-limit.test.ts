// STRIPE_MAX_REQUESTS_PER_SECOND holds for all processes on one database together: two limiters,
// each on a database client of its own (as two processes have), share one timeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../lib/db/client";
import { createSharedRateLimiter } from "../../lib/stripe/shared-rate-limiter";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();
let other: Database;
beforeAll(() => {
  other = createDatabase(h.database.target);
});
afterAll(() => other.db.$disconnect());

const RATE = 50;

function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("the rate limit shared through the database", () => {
  it("keeps two processes together at the limit, every slot 1/rate after the one before", async () => {
    const limiters = [h.database, other].map((database) =>
      createSharedRateLimiter({
        db: database.db,
        provider: database.provider,
        ratePerSecond: RATE,
        key: "test-two-processes",
        log: h.engine.log,
      }),
    );
    const started: number[] = [];
    const perLimiter = 60;
    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: perLimiter }, () => limiter.acquire().then(() => started.push(Date.now()))),
      ),
    );
    expect(started).toHaveLength(2 * perLimiter);
    // The timeline moved on by exactly one interval per request: no slot was handed out twice.
    const row = await h.database.db.rateLimit.findUniqueOrThrow({ where: { key: "test-two-processes" } });
    const first = Math.min(...started);
    const span = row.nextSlotMs - first;
    expect(span).toBeGreaterThanOrEqual((2 * perLimiter * 1000) / RATE - 50);
    // Every request starts within 25 ms of its slot (its own process paces it an interval after
    // the last), so a second holds at most two more than the rate when a busy event loop started
    // one late beside another process's (the Stripe-compatible server's count, in the fault suite
    // and the bench, is at the receiving end).
    expect(busiestSecond(started)).toBeLessThanOrEqual(RATE + 2);
  });

  it("starts again from now after an idle spell, without a burst", async () => {
    const limiter = createSharedRateLimiter({
      db: h.database.db,
      provider: h.database.provider,
      ratePerSecond: RATE,
      key: "test-idle",
      log: h.engine.log,
    });
    await limiter.acquire();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started: number[] = [];
    await Promise.all(Array.from({ length: 10 }, () => limiter.acquire().then(() => started.push(Date.now()))));
    // Paced from now on: ten requests over nine intervals (one less if the first timer ran late),
    // not ten at once from a timeline left in the past.
    expect(Math.max(...started) - Math.min(...started)).toBeGreaterThanOrEqual((8 * 1000) / RATE);
  });
});
