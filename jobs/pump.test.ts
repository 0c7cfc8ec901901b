import { describe, expect, it } from "vitest";
import { startPump } from "./pump";

/** Items 0..n-1, claimed in order; each is worked for `ms(item)` and recorded. */
function queue(n: number, ms: (item: number) => number) {
  let next = 0;
  const claims: number[] = [];
  const started: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  return {
    claims,
    started,
    mostInFlight: () => mostInFlight,
    claim: (limit: number) => {
      claims.push(limit);
      const items = Array.from({ length: Math.min(limit, n - next) }, () => next++);
      return Promise.resolve(items);
    },
    work: async (item: number) => {
      started.push(item);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms(item)));
      inFlight -= 1;
    },
    add(more: number) {
      n += more;
    },
  };
}

const fail = (error: unknown) => {
  throw error;
};

describe("the worker's pump", () => {
  it("keeps its lanes busy: a slow item does not hold back the ones claimed with it", async () => {
    // Item 0 waits on a gate opened only once all 40 have started: behind a batch barrier the
    // other 39 would wait for it, and this test would never finish.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const work = queue(40, () => 1);
    const pump = startPump({
      concurrency: 4,
      claim: work.claim,
      work: async (item) => {
        if (item === 0) {
          work.started.push(0);
          await gate;
          return;
        }
        await work.work(item);
        if (work.started.length === 40) open();
      },
      onError: fail,
    });
    pump.wake();
    await gate;
    await pump.idle();
    expect(new Set(work.started).size).toBe(40);
    expect(work.mostInFlight()).toBe(3); // the three lanes item 0 left free
    // Claims come in batches of at least half the lanes, never one item at a time.
    expect(work.claims.slice(1, -1).every((limit) => limit >= 2)).toBe(true);
    await pump.stop();
  });

  it("folds wakes during a claim into one more claim, and claims nothing while asleep", async () => {
    const work = queue(0, () => 1);
    const pump = startPump({ concurrency: 2, claim: work.claim, work: work.work, onError: fail });
    pump.wake();
    pump.wake();
    pump.wake();
    await pump.idle();
    expect(work.claims.length).toBeLessThanOrEqual(2);
    const before = work.claims.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(work.claims.length).toBe(before);
    work.add(3);
    pump.wake();
    await pump.idle();
    expect(work.started).toEqual([0, 1, 2]);
    await pump.stop();
  });

  it("wakes by itself when the next item falls due", async () => {
    const work = queue(0, () => 1);
    const dueAt = new Date(Date.now() + 80);
    let woke = 0;
    const pump = startPump({
      concurrency: 2,
      claim: (limit) => {
        if (Date.now() >= dueAt.getTime()) {
          woke += 1;
          work.add(1);
        }
        return work.claim(limit);
      },
      work: work.work,
      nextDueAt: () => Promise.resolve(woke ? null : dueAt),
      onError: fail,
    });
    pump.wake();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(work.started).toEqual([0]);
    await pump.stop();
  });

  it("reports a failed item and goes on with the rest", async () => {
    const errors: unknown[] = [];
    const work = queue(5, () => 1);
    const pump = startPump({
      concurrency: 2,
      claim: work.claim,
      work: async (item) => {
        await work.work(item);
        if (item === 2) throw new Error("item 2 failed");
      },
      onError: (error) => errors.push(error),
    });
    pump.wake();
    await pump.idle();
    expect(work.started.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(errors).toEqual([new Error("item 2 failed")]);
    await pump.stop();
  });

  it("stops claiming when stopped and waits for what is in flight", async () => {
    const work = queue(100, () => 30);
    let finished = 0;
    const pump = startPump({
      concurrency: 3,
      claim: work.claim,
      work: async (item) => {
        await work.work(item);
        finished += 1;
      },
      onError: fail,
    });
    pump.wake();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await pump.stop();
    expect(finished).toBe(work.started.length);
    expect(work.started.length).toBeLessThan(100);
  });
});
