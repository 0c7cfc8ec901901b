// Real worker processes (`npm run worker`'s entry) against a test database, the Stripe-compatible
// server and the SMTP server, with due steps seeded straight into the database: the crash and
// concurrency tests and the scheduler benchmark drive the scheduler through these.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Db } from "../../lib/db/client";
import { buildRunContext } from "../../lib/steps/run-context";
import type { FakeStripe } from "./stripe-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER_ENTRY = path.join(ROOT, "jobs/worker-main.ts");

type SeededAction = "mark_invoice_uncollectible" | "send_team_email";

export interface SeedDueStepsOptions {
  count: number;
  dueAt(index: number): Date;
  /** Default: every step marks its invoice uncollectible (one invoice re-read, one write). */
  action?(index: number): SeededAction;
  /** Prefix of the invoice ids, so that seeds in one Stripe server stay apart. */
  prefix?: string;
}

/** One run per step, each on an open invoice of its own that the Stripe server knows. */
export async function seedDueSteps(db: Db, stripe: FakeStripe, options: SeedDueStepsOptions): Promise<void> {
  const prefix = options.prefix ?? "in_seed";
  const automation = await db.automation.create({
    data: { name: `seeded ${prefix}`, trigger: "invoice_finalized", priority: 1, conditions: [], steps: [] },
  });
  const chunk = 2000;
  for (let start = 0; start < options.count; start += chunk) {
    const indexes = Array.from({ length: Math.min(chunk, options.count - start) }, (_, k) => start + k);
    for (const i of indexes) {
      stripe.store.put({
        id: `${prefix}_${i}`,
        object: "invoice",
        status: "open",
        auto_advance: true,
        livemode: false,
        currency: "usd",
        amount_due: 1000,
      });
    }
    await db.run.createMany({
      data: indexes.map((i) => ({
        id: `run_${prefix}_${i}`,
        automationId: automation.id,
        trigger: "invoice_finalized",
        objectType: "invoice",
        objectId: `${prefix}_${i}`,
        invoiceId: `${prefix}_${i}`,
        eventId: `evt_${prefix}`,
        anchorAt: options.dueAt(i),
        snapshot: { automationName: automation.name, steps: [] },
        // What the engine itself stores when a run starts (the worker parses it with the same schema).
        context: buildRunContext("invoice", {
          id: `${prefix}_${i}`,
          object: "invoice",
          livemode: false,
          currency: "usd",
          amount_due: 1000,
        }),
      })),
    });
    await db.runStep.createMany({
      data: indexes.map((i) => {
        const action = options.action?.(i) ?? "mark_invoice_uncollectible";
        return {
          runId: `run_${prefix}_${i}`,
          position: 0,
          key: "0",
          action,
          params: action === "send_team_email" ? { to: [`ops+${i}@example.com`] } : {},
          dueAt: options.dueAt(i),
        };
      }),
    });
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  readonly output: string;
  /** Steps the worker reported executing (from its tick lines; the last comes as it stops). */
  stepsReported(): number;
  /** SIGTERM and wait: the worker finishes its tick first. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, in the middle of whatever it was doing. */
  kill(): Promise<void>;
}

export interface WorkerEnv {
  databaseUrl: string;
  /** Left out: no STRIPE_SECRET_KEY, the worker runs in dry-run mode. */
  stripe?: FakeStripe;
  smtpUrl?: string;
  /** Client-side Stripe rate limit of this process (requests/s). */
  stripeRatePerSecond?: number;
  leaseSeconds?: number;
  /** The entry to run; default the real worker (`npm run worker`). */
  entry?: string;
  env?: Record<string, string>;
}

/** Starts a worker process ticking every second; resolves once it has started. */
export async function startWorkerProcess(options: WorkerEnv): Promise<WorkerProcess> {
  const child = fork(options.entry ?? WORKER_ENTRY, [], {
    cwd: ROOT,
    execArgv: ["--import", "tsx"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      STRIPE_SECRET_KEY: options.stripe?.apiKey ?? "",
      ...(options.stripe ? { STRIPE_API_BASE: options.stripe.url } : {}),
      STRIPE_MAX_REQUESTS_PER_SECOND: String(options.stripeRatePerSecond ?? 1000),
      SMTP_URL: options.smtpUrl ?? "",
      SCHEDULER_CRON: "* * * * * *",
      LEASE_SECONDS: String(options.leaseSeconds ?? 60),
      OUTBOUND_ALLOW_LIST: "127.0.0.1,localhost",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/started; ticking|^ready$/m.test(output)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
  });
  await started;
  return {
    child,
    get output() {
      return output;
    },
    // The worker's tick lines (JSON): { …, "steps": n, "msg": "tick: …" }.
    stepsReported: () =>
      [...output.matchAll(/"steps":(\d+),.*"msg":"tick: /g)].reduce((sum, match) => sum + Number(match[1]), 0),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Polls until no step is pending or running; returns the seconds it took. */
export async function waitUntilDrained(
  db: Db,
  options: { timeoutMs?: number; onPoll?: (left: number) => void | Promise<void> } = {},
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const left = await db.runStep.count({ where: { status: { in: ["pending", "running"] } } });
    await options.onPoll?.(left);
    if (left === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > (options.timeoutMs ?? 600_000)) {
      throw new Error(`${left} step(s) still pending or running after ${options.timeoutMs ?? 600_000} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
