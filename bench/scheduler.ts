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
 * The scheduler: N due steps (each a mark_invoice_uncollectible: one invoice re-read and one write
 * to the Stripe-compatible server) drained by 1 or 4 real worker processes ticking every second.
 * Figures: steps/s over the drain, and the lag between a step's due time and its start. The floor
 * is the Stripe-compatible server's own throughput for the same two requests per step.
 */
const HERE = path.dirname(new URL(import.meta.url).pathname);

interface DrainResult {
  seconds: number;
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
        stripeRatePerSecond: Math.floor(options.rateLimit / options.workers),
        leaseSeconds: 120,
      }),
    ),
  );
  const children = workers.map((worker) => worker.child);
  const workerIdleMiB = residentMiB(children[0]!.pid!);
  let workerPeakMiB = workerIdleMiB;
  const started = performance.now();
  for (;;) {
    workerPeakMiB = Math.max(workerPeakMiB, ...children.map((child) => residentMiB(child.pid!)));
    const left = await database.db.runStep.count({ where: { status: { in: ["pending", "running"] } } });
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((worker) => worker.stop()));

  const steps = await database.db.runStep.findMany({ select: { dueAt: true, startedAt: true, status: true } });
  const lags = steps.map((step) => (step.startedAt!.getTime() - step.dueAt.getTime()) / 1000).sort((a, b) => a - b);
  const perSecond = new Map<number, number>();
  for (const request of stripe.requests) {
    const second = Math.floor(request.at / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const succeeded = steps.filter((step) => step.status === "succeeded").length;
  if (succeeded !== options.steps) throw new Error(`only ${succeeded} of ${options.steps} steps succeeded`);
  const result: DrainResult = {
    seconds,
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

/** The Stripe-compatible server alone: the same GET + POST per step, 16 at a time, no database. */
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
        await client.invoices.retrieve(id);
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

  // Stripe's rate limit of 100 requests/s, enforced by the server: the drain should hold it with no 429.
  const limitedSteps = options.quick ? 300 : 1_500;
  const limited = await drain({
    provider: "postgresql",
    workers: 1,
    steps: limitedSteps,
    rateLimit: 100,
    enforceRate: true,
  });

  return {
    memory,
    sections: [
      {
        title: "Scheduler: draining due steps",
        description:
          "Each step re-reads its invoice and marks it uncollectible on the Stripe-compatible server (2 requests). Real worker processes with a 1-second node-cron tick, all steps due at once. Floor: the Stripe-compatible server alone answering the same two requests per step, 16 at a time. Lag: a step's start minus its due time (a backlog drains, so this grows with its size). Target: ≥ 500 steps/s where the rate limit allows.",
        columns: ["due steps", "database", "workers", "steps/s", "floor steps/s", "lag p50 s", "lag p99 s", "doubled"],
        rows,
      },
      {
        title: "Scheduler: lag in steady state",
        description: `${steadySteps.toLocaleString("en-US")} steps falling due evenly over ${steadySeconds} s (${round(steadySteps / steadySeconds, 0)} steps/s), 1 worker on PostgreSQL, tick every second. Target: lag p99 within one tick plus a second (2 s).`,
        columns: ["steps/s due", "lag p50 s", "lag p99 s"],
        rows: [[round(steadySteps / steadySeconds, 0), round(steady.lagP50, 2), round(steady.lagP99, 2)]],
      },
      {
        title: "Scheduler: under Stripe's rate limit",
        description: `${limitedSteps.toLocaleString("en-US")} steps with STRIPE_MAX_REQUESTS_PER_SECOND=100 against a server that answers 429 beyond 100 requests/s (a token bucket like Stripe's).`,
        columns: ["requests/s allowed", "busiest second", "429 answers", "steps/s"],
        rows: [[100, limited.maxRequestsPerSecond, limited.rateLimited, round(limited.stepsPerSecond, 1)]],
      },
    ],
  };
}
