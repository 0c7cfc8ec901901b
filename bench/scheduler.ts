import path from "node:path";
import { performance } from "node:perf_hooks";
import type { DatabaseProvider } from "../lib/db/database-url";
import { enforceRateLimit, startStripeServer } from "../test/support/stripe-server";
import { seedDueSteps, startWorkerProcess } from "../test/support/worker-fleet";
import { createTestDatabase } from "../test/support/test-database";
import type { BenchSection } from "./report";
import { percentile, round } from "./report";
import { residentMiB } from "./server";

/**
 * The scheduler: N due steps (each a mark_invoice_uncollectible: one write to the Stripe-compatible
 * server) drained by 1 or 4 real worker processes. Figures: steps/s over the drain, and the lag
 * between a step's due time and its start. The floor is the Stripe-compatible server's own
 * throughput for the same request per step, 16 at a time.
 */
const HERE = path.dirname(new URL(import.meta.url).pathname);

interface DrainResult {
  seconds: number;
  requestsPerStep: number;
  /** Requests in the first whole second after the first one. */
  firstSecondRequests: number;
  /** Requests per second over the drain, from the first request to the last. */
  requestsPerSecond: number;
  /** Killed mid-drain: how long after the kill the last step the dead worker held was done. */
  recoverySeconds?: number;
  heldAtKill?: number;
  /** Writes Stripe carried out more than once (a replay of a key is not one). */
  effectsDoubled: number;
  stepsPerSecond: number;
  lagP50: number;
  lagP99: number;
  maxRequestsPerSecond: number;
  rateLimited: number;
  doubled: number;
  workerIdleMiB: number;
  workerPeakMiB: number;
}

async function drain(options: {
  provider: DatabaseProvider;
  workers: number;
  steps: number;
  rateLimit: number;
  /** Spread the due times over this many seconds instead of all due at once. */
  spreadSeconds?: number;
  /** Make the server refuse (429) beyond `rateLimit` requests in any second, as Stripe would. */
  enforceRate?: boolean;
  /** Kill -9 the first worker this long into the drain, and time the recovery of what it held. */
  killAfterMs?: number;
  leaseSeconds?: number;
}): Promise<DrainResult> {
  const database = await createTestDatabase(options.provider);
  const stripe = await startStripeServer();
  if (options.enforceRate) enforceRateLimit(stripe, options.rateLimit);
  const startAt = Date.now() + 3_000;
  const spread = (options.spreadSeconds ?? 0) * 1000;
  await seedDueSteps(database.db, stripe, {
    count: options.steps,
    prefix: "in_bench",
    dueAt: (i) => new Date(spread ? startAt + (i / options.steps) * spread : Date.now() - 1000),
  });
  const workers = await Promise.all(
    Array.from({ length: options.workers }, () =>
      startWorkerProcess({
        entry: path.join(HERE, "drain-worker.ts"),
        databaseUrl: database.url,
        stripe,
        // The account's limit, given to every process alike: they share it through the database.
        stripeRatePerSecond: options.rateLimit,
        leaseSeconds: options.leaseSeconds ?? 120,
      }),
    ),
  );
  const children = workers.map((worker) => worker.child);
  const workerIdleMiB = residentMiB(children[0]!.pid!);
  let workerPeakMiB = workerIdleMiB;
  const started = performance.now();
  let kill: { at: number; held: string[] } | null = null;
  for (;;) {
    if (options.killAfterMs && !kill && performance.now() - started >= options.killAfterMs) {
      const victim = workers[0]!;
      await victim.kill();
      const at = Date.now();
      const held = await database.db.runStep.findMany({
        where: { status: "running", lockedBy: { contains: `:${victim.child.pid}:` } },
        select: { id: true },
      });
      kill = { at, held: held.map((step) => step.id) };
    }
    workerPeakMiB = Math.max(
      workerPeakMiB,
      ...children
        .filter((child) => child.exitCode === null && child.signalCode === null)
        .map((child) => residentMiB(child.pid!)),
    );
    const left = await database.db.runStep.count({ where: { status: { in: ["pending", "running"] } } });
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((worker) => worker.stop()));

  const steps = await database.db.runStep.findMany({
    select: { id: true, dueAt: true, startedAt: true, finishedAt: true, status: true },
  });
  const recoverySeconds = kill
    ? Math.max(
        0,
        ...steps
          .filter((step) => kill.held.includes(step.id))
          .map((step) => (step.finishedAt!.getTime() - kill.at) / 1000),
      )
    : undefined;
  const requestTimes = stripe.requests.map((request) => request.at).sort((a, b) => a - b);
  const firstRequest = requestTimes[0] ?? 0;
  const firstSecondRequests = requestTimes.filter((at) => at >= firstRequest && at < firstRequest + 1000).length;
  const requestSpan = ((requestTimes[requestTimes.length - 1] ?? 0) - firstRequest) / 1000;
  const lags = steps.map((step) => (step.startedAt!.getTime() - step.dueAt.getTime()) / 1000).sort((a, b) => a - b);
  const perSecond = new Map<number, number>();
  for (const request of stripe.requests) {
    const second = Math.floor(request.at / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  // Counted once: asking the server per key (stripe.effects) scans its whole log each time, which
  // at 100,000 steps is 10^10 comparisons and never finished.
  const effectsByKey = new Map<string, number>();
  for (const effect of stripe.effectLog) {
    if (effect.idempotencyKey)
      effectsByKey.set(effect.idempotencyKey, (effectsByKey.get(effect.idempotencyKey) ?? 0) + 1);
  }
  const succeeded = steps.filter((step) => step.status === "succeeded").length;
  if (succeeded !== options.steps) throw new Error(`only ${succeeded} of ${options.steps} steps succeeded`);
  const result: DrainResult = {
    seconds,
    requestsPerStep: stripe.requests.length / options.steps,
    firstSecondRequests,
    requestsPerSecond: requestSpan > 0 ? stripe.requests.length / requestSpan : 0,
    recoverySeconds,
    heldAtKill: kill?.held.length,
    effectsDoubled: new Set(
      stripe.requests
        .filter((request) => request.method === "POST" && request.idempotencyKey)
        .map((request) => request.idempotencyKey!)
        .filter((key) => (effectsByKey.get(key) ?? 0) > 1),
    ).size,
    stepsPerSecond: options.steps / (spread ? Math.max(seconds, spread / 1000) : seconds),
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    maxRequestsPerSecond: Math.max(...perSecond.values()),
    rateLimited: stripe.requests.filter((request) => request.status === 429).length,
    // A step that acted twice shows as a second write under its key, which the server replays
    // (so its count of effects could never show it).
    doubled: stripe.requests.filter((request) => request.method === "POST" && request.replayed).length,
    workerIdleMiB,
    workerPeakMiB,
  };
  await stripe.close();
  await database.drop();
  return result;
}

/** The Stripe-compatible server alone: the same write per step, 16 at a time, no database. */
async function floor(steps: number): Promise<number> {
  const stripe = await startStripeServer();
  for (let i = 0; i < steps; i++)
    stripe.store.put({ id: `in_floor_${i}`, object: "invoice", status: "open", livemode: false });
  const client = stripe.client();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < steps) {
        const id = `in_floor_${next++}`;
        await client.invoices.markUncollectible(id, {}, { idempotencyKey: `floor-${id}` });
      }
    }),
  );
  const perSecond = steps / ((performance.now() - started) / 1000);
  await stripe.close();
  return perSecond;
}

export async function benchScheduler(options: {
  quick: boolean;
}): Promise<{ sections: BenchSection[]; memory: Array<Array<string | number>> }> {
  // BENCH_DRAIN_SIZES=10000,100000 overrides the sizes (the 100,000 drains take a quarter hour each here).
  const sizes = process.env.BENCH_DRAIN_SIZES
    ? process.env.BENCH_DRAIN_SIZES.split(",").map(Number)
    : options.quick
      ? [2_000]
      : [10_000, 100_000];
  const unlimited = 100_000;
  const rows: Array<Array<string | number>> = [];
  const memory: Array<Array<string | number>> = [];
  const floorRate = await floor(options.quick ? 2_000 : 10_000);
  for (const steps of sizes) {
    for (const [provider, workers] of [
      ["postgresql", 1],
      ["postgresql", 4],
      ["sqlite", 1],
    ] as const) {
      const result = await drain({ provider, workers, steps, rateLimit: unlimited });
      rows.push([
        steps.toLocaleString("en-US"),
        provider,
        workers,
        round(result.stepsPerSecond, 0),
        round(floorRate, 0),
        round(result.lagP50, 2),
        round(result.lagP99, 2),
        round(result.requestsPerStep, 2),
        result.doubled,
      ]);
      console.log(`drain ${steps} ${provider}×${workers}: ${round(result.stepsPerSecond, 0)} steps/s`);
      if (workers === 1) {
        memory.push([
          `worker (${provider}), draining ${steps.toLocaleString("en-US")} steps`,
          round(result.workerIdleMiB, 0),
          round(result.workerPeakMiB, 0),
        ]);
      }
    }
  }

  // Steady state: steps falling due over time at a rate below capacity; lag against the tick.
  // Below one worker's drain rate here, so the lag measures the tick, not a growing backlog.
  const steadySteps = options.quick ? 1_000 : 3_000;
  const steadySeconds = options.quick ? 10 : 30;
  const steady = await drain({
    provider: "postgresql",
    workers: 1,
    steps: steadySteps,
    rateLimit: unlimited,
    spreadSeconds: steadySeconds,
  });

  // Stripe's rate limit of 100 requests/s, enforced by the server: the drain should hold it with no
  // 429, used in full from the first second, with one worker or four sharing it.
  const limitedSteps = options.quick ? 300 : 1_500;
  const limitedRows: Array<Array<string | number>> = [];
  for (const workers of [1, 4]) {
    const limited = await drain({
      provider: "postgresql",
      workers,
      steps: limitedSteps,
      rateLimit: 100,
      enforceRate: true,
    });
    limitedRows.push([
      workers,
      100,
      limited.maxRequestsPerSecond,
      limited.firstSecondRequests,
      `${Math.round(limited.requestsPerSecond)} %`,
      limited.rateLimited,
      round(limited.stepsPerSecond, 1),
    ]);
  }

  // A worker killed mid-drain: what it held is taken up again once its lease ends.
  const leaseSeconds = 10;
  const killed = await drain({
    provider: "postgresql",
    workers: 2,
    steps: options.quick ? 2_000 : 5_000,
    rateLimit: unlimited,
    killAfterMs: 2_000,
    leaseSeconds,
  });

  return {
    memory,
    sections: [
      {
        title: "Scheduler: draining due steps",
        description:
          "Each step marks its invoice uncollectible on the Stripe-compatible server: one request (Stripe refuses the write on an invoice no longer open, so nothing is read first). Real worker processes (WORKER_CONCURRENCY 16), all steps due at once. Floor: the Stripe-compatible server alone answering the same request per step, 16 at a time. Lag: a step's start minus its due time (a backlog drains, so this grows with its size). Targets: ≥ 500 steps/s where the rate limit allows; 100,000 steps within 10 % of the 10,000-step rate.",
        columns: [
          "due steps",
          "database",
          "workers",
          "steps/s",
          "floor steps/s",
          "lag p50 s",
          "lag p99 s",
          "requests/step",
          "doubled",
        ],
        rows,
      },
      {
        title: "Scheduler: lag in steady state",
        description: `${steadySteps.toLocaleString("en-US")} steps falling due evenly over ${steadySeconds} s (${round(steadySteps / steadySeconds, 0)} steps/s), 1 worker on PostgreSQL; the worker sleeps until the next step's due time. Target: lag p99 ≤ 0.5 s (a step due now starts now, not at the next tick).`,
        columns: ["steps/s due", "lag p50 s", "lag p99 s"],
        rows: [[round(steadySteps / steadySeconds, 0), round(steady.lagP50, 2), round(steady.lagP99, 2)]],
      },
      {
        title: "Scheduler: under Stripe's rate limit",
        description: `${limitedSteps.toLocaleString("en-US")} steps, all due at once, with STRIPE_MAX_REQUESTS_PER_SECOND=100 set alike in every worker (they share it through the database) against a server that answers 429 beyond 100 requests/s (a token bucket like Stripe's). "First second": requests in the first second after the first one. "Used": requests per second over the drain, as a share of the 100 allowed. Targets: ≥ 90 % used from the first second, the busiest second never above 100, no 429, with 1 and 4 workers.`,
        columns: ["workers", "requests/s allowed", "busiest second", "first second", "used", "429 answers", "steps/s"],
        rows: limitedRows,
      },
      {
        title: "Scheduler: a worker killed mid-drain",
        description: `Two workers draining ${(options.quick ? 2_000 : 5_000).toLocaleString("en-US")} due steps on PostgreSQL with LEASE_SECONDS=${leaseSeconds}; one is killed with SIGKILL two seconds in. Recovery: from the kill to the moment the last step it held was done by the other. Target: within the lease.`,
        columns: ["LEASE_SECONDS", "steps the dead worker held", "recovered after s", "writes done twice", "steps/s"],
        rows: [
          [
            leaseSeconds,
            killed.heldAtKill ?? 0,
            round(killed.recoverySeconds ?? 0, 1),
            killed.effectsDoubled,
            round(killed.stepsPerSecond, 0),
          ],
        ],
      },
    ],
  };
}
