import { describe, expect, it } from "vitest";

import { createRateLimiter, type LimiterClock } from "@/lib/stripe/rate-limiter";

/** A manual clock: time moves only when the test advances it, firing due timers in order. */
function fakeClock(): LimiterClock & { advance(ms: number): Promise<void> } {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await Promise.resolve(); // let granted acquirers record their start
      }
      now = end;
      await Promise.resolve();
    },
  };
}

/** Starts `count` acquirers and records the (fake) time at which each was let through. */
function startAll(limiter: ReturnType<typeof createRateLimiter>, clock: LimiterClock, count: number): number[] {
  const started: number[] = [];
  for (let i = 0; i < count; i++) {
    void limiter.acquire().then(() => started.push(clock.now()));
  }
  return started;
}

function countInWindow(times: number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length;
}

describe("createRateLimiter", () => {
  it("lets a burst of at most N through at once, then N per second", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ ratePerSecond: 10, clock });
    const started = startAll(limiter, clock, 45);
    await clock.advance(0);
    expect(started).toHaveLength(10);

    await clock.advance(10_000);
    expect(started).toHaveLength(45);
    // After the initial burst the bucket is empty: every second admits exactly the rate.
    expect(countInWindow(started, 1, 1001)).toBe(10);
    expect(countInWindow(started, 1001, 2001)).toBe(10);
    expect(countInWindow(started, 2001, 3001)).toBe(10);
    // Any one-second window holds at most burst + rate.
    for (let from = 0; from < 4000; from += 50) {
      expect(countInWindow(started, from, from + 1000)).toBeLessThanOrEqual(20);
    }
    // Evenly spaced, not in clumps: consecutive starts after the burst are 100 ms apart.
    const gaps = started.slice(10).map((t, i) => t - (started[i + 9] ?? 0));
    expect(new Set(gaps)).toEqual(new Set([100]));
  });

  it("serves waiters in the order they asked", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 1, clock });
    const order: number[] = [];
    for (let i = 0; i < 5; i++) void limiter.acquire().then(() => order.push(i));
    await clock.advance(5000);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("refills while idle, but never beyond the burst size", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ ratePerSecond: 5, clock });
    startAll(limiter, clock, 5);
    await clock.advance(60_000); // a long idle period
    const started = startAll(limiter, clock, 12);
    await clock.advance(0);
    expect(started).toHaveLength(5);
    expect(limiter.waiting()).toBe(7);
    await clock.advance(200);
    expect(started).toHaveLength(6);
  });

  it("supports fractional rates (one request every two seconds)", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ ratePerSecond: 0.5, clock });
    const started = startAll(limiter, clock, 3);
    await clock.advance(0);
    expect(started).toEqual([0]);
    await clock.advance(4000);
    expect(started).toEqual([0, 2000, 4000]);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createRateLimiter({ ratePerSecond: 0 })).toThrow(/ratePerSecond must be a positive number/);
  });
});
