import { afterAll, beforeAll, beforeEach } from "vitest";
import { parseConfig, type Config } from "../../lib/config";
import { createEngine, setEngineForTests, type Engine } from "../../lib/engine/engine";
import { createLogger } from "../../lib/log/logger";
import {
  buildSampleEvent,
  sampleIds,
  signStripePayload,
  type SampleEvent,
  type SampleEventOptions,
  type SampleEventType,
} from "../../lib/samples/sample-events";
import { createStripeGateway } from "../../lib/stripe/gateway";
import { createRateLimiter } from "../../lib/stripe/rate-limiter";
import { tick } from "../../jobs/tick";
import { startSmtpServer, type SmtpTestServer } from "./smtp-server";
import { startStripeServer, type FakeStripe } from "./stripe-server";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const TEST_API_TOKEN = "test-admin-token-0123456789";
export const TEST_WEBHOOK_SECRET = "whsec_test_integration_secret";

/** A clock tests move by hand: the engine, the Stripe server and the signatures all read it. */
class TestClock {
  constructor(private ms = Math.floor(Date.now() / 1000) * 1000) {}
  now = (): Date => new Date(this.ms);
  nowMs = (): number => this.ms;
  nowSeconds = (): number => Math.floor(this.ms / 1000);
  advance(ms: number): void {
    this.ms += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}

type RunWithSteps = Awaited<ReturnType<TestDatabase["db"]["run"]["findFirstOrThrow"]>> & {
  steps: Awaited<ReturnType<TestDatabase["db"]["runStep"]["findMany"]>>;
};

export interface Harness {
  database: TestDatabase;
  stripe: FakeStripe;
  smtp: SmtpTestServer;
  clock: TestClock;
  engine: Engine;
  config: Config;
  /** Every line the engine logged, parsed (debug and up), in order. */
  logs: LogLine[];
  /** A sample event stamped with the test clock (its `created` anchors the run it starts). */
  event(type: SampleEventType, options?: SampleEventOptions): SampleEvent;
  /** Signs and POSTs a Stripe event to the webhook route, as Stripe would. */
  deliver(event: object, options?: { secret?: string; timestamp?: number; body?: string }): Promise<Response>;
  /** Delivers and waits until the engine has processed the event. */
  deliverAndProcess(event: { id: string }): Promise<{ status: string; outcome: string | null }>;
  /** Calls a JSON API route with the admin token. */
  api(method: string, path: string, body?: unknown, options?: { token?: string | null }): Promise<Response>;
  /** Creates an automation through the API; throws with the API's answer unless it is created. */
  createAutomation(body: object): Promise<{ id: string }>;
  /** An automation without conditions on `trigger` whose steps are these actions, all at once. */
  automateAtOnce(
    trigger: string,
    actions: Array<string | { action: string; params: object }>,
    name?: string,
  ): Promise<{ id: string }>;
  /** A first failed payment of a fresh subscription invoice: seeded in the Stripe server, delivered and processed. */
  paymentFails(options?: SampleEventOptions): Promise<{
    ids: ReturnType<typeof sampleIds>;
    event: SampleEvent;
    processed: { status: string; outcome: string | null };
    /** Puts the invoice, customer and subscription back into the Stripe server as they were. */
    reseed(): void;
  }>;
  /** The run of an invoice or subscription, with its steps by due time (or by position). */
  runOf(objectId: string, order?: "due" | "position"): Promise<RunWithSteps>;
  /** Empties every table and the mailbox, for a test that starts from nothing. */
  reset(): Promise<void>;
  /** One scheduler tick, as the worker would run it. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

/** A structured log line as pino writes it. */
type LogLine = { level: string; msg: string; [field: string]: unknown };

export interface HarnessOptions {
  /** No STRIPE_SECRET_KEY: the engine runs in dry-run mode. */
  dryRun?: boolean;
  env?: Record<string, string>;
}

/**
 * Everything real but the time: a fresh database, the Stripe-compatible server, an SMTP server,
 * and the app's own route handlers called with real Request objects.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new TestClock();
  const [database, stripe, smtp] = await Promise.all([
    createTestDatabase(),
    startStripeServer({ now: clock.nowMs }),
    startSmtpServer(),
  ]);
  const config = parseConfig({
    DATABASE_URL: database.url,
    STRIPE_SECRET_KEY: options.dryRun ? undefined : stripe.apiKey,
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    ADMIN_API_TOKEN: TEST_API_TOKEN,
    SMTP_URL: smtp.url,
    STRIPE_MAX_REQUESTS_PER_SECOND: "1000",
    // The receivers the tests stand up listen on loopback, which the engine refuses unless allowed.
    OUTBOUND_ALLOW_LIST: "127.0.0.1,localhost",
    ...options.env,
  });
  const gateway = createStripeGateway(config, {
    limiter: createRateLimiter({ ratePerSecond: config.stripeMaxRequestsPerSecond }),
  });
  const logs: LogLine[] = [];
  // Kept in memory for the tests to read; TEST_LOGS=1 also prints them.
  const log = createLogger({
    config,
    level: "debug",
    destination: {
      write(line: string) {
        logs.push(JSON.parse(line) as LogLine);
        if (process.env.TEST_LOGS) process.stderr.write(line);
      },
    },
  });
  const engine = createEngine({ database, config, gateway, now: clock.now, workerId: "test-worker", log });
  setEngineForTests(engine);

  const routes = await import("./routes");

  const deliver: Harness["deliver"] = async (event, opts = {}) => {
    const body = opts.body ?? JSON.stringify(event);
    const signature = signStripePayload(body, opts.secret ?? TEST_WEBHOOK_SECRET, opts.timestamp ?? clock.nowSeconds());
    return routes.call("POST", "/api/webhooks/stripe", {
      body,
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature },
    });
  };

  const harness: Harness = {
    database,
    stripe,
    smtp,
    clock,
    engine,
    config,
    logs,
    deliver,
    event: (type, opts = {}) => buildSampleEvent(type, { created: clock.nowSeconds(), ...opts }),
    async deliverAndProcess(event) {
      const response = await deliver(event);
      if (!response.ok) throw new Error(`delivery refused: ${response.status} ${await response.text()}`);
      return waitForProcessed(engine, event.id);
    },
    api(method, path, body, opts = {}) {
      const token = opts.token === undefined ? TEST_API_TOKEN : opts.token;
      const hasBody = body !== undefined && method !== "GET" && method !== "HEAD";
      return routes.call(method, path, {
        body: hasBody ? JSON.stringify(body) : undefined,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
      });
    },
    async createAutomation(body) {
      const response = await harness.api("POST", "/api/automations", body);
      if (response.status !== 201)
        throw new Error(`automation not created: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    },
    automateAtOnce(trigger, actions, name = `${trigger} at once`) {
      return harness.createAutomation({
        name,
        trigger,
        conditions: [],
        steps: actions.map((step) =>
          typeof step === "string" ? { type: "action", action: step } : { type: "action", ...step },
        ),
      });
    },
    async paymentFails(opts = {}) {
      const ids = sampleIds();
      const seedOptions = { ...ids, eventType: "invoice.payment_failed" as const, attemptCount: 1, ...opts };
      stripe.seed.objects(seedOptions);
      const event = harness.event("invoice.payment_failed", { ...ids, attemptCount: 1, ...opts });
      const processed = await harness.deliverAndProcess(event);
      return { ids, event, processed, reseed: () => void stripe.seed.objects(seedOptions) };
    },
    runOf(objectId, order = "due") {
      return database.db.run.findFirstOrThrow({
        where: { objectId },
        include: {
          steps: {
            orderBy: order === "due" ? [{ dueAt: "asc" }, { key: "asc" }] : [{ position: "asc" }, { key: "asc" }],
          },
        },
      });
    },
    async reset() {
      const db = database.db;
      // Children before parents (foreign keys).
      await db.outcome.deleteMany();
      await db.runStep.deleteMany();
      await db.evaluation.deleteMany();
      await db.shadowEvaluation.deleteMany();
      await db.run.deleteMany();
      await db.event.deleteMany();
      await db.job.deleteMany();
      await db.automationVersion.deleteMany();
      await db.automation.deleteMany();
      await db.session.deleteMany();
      await db.apiToken.deleteMany();
      await db.user.deleteMany();
      await db.outboxEmail.deleteMany();
      // The audit log stays: it is append-only, in tests too; a test reads the entries of its own records.
      await db.settings.deleteMany();
      await db.webhookEndpoint.deleteMany();
      await db.destination.deleteMany();
      smtp.messages.length = 0;
      logs.length = 0;
    },
    async tick() {
      await tick(engine, { maxDurationMs: 20_000 });
    },
    async close() {
      setEngineForTests(undefined);
      await Promise.all([stripe.close(), smtp.close()]);
      await database.drop();
    },
  };
  return harness;
}

/** Waits for the event's after-response processing, polling the database (never a fixed sleep). */
export async function waitForProcessed(engine: Engine, eventId: string, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const event = await engine.db.event.findUnique({ where: { id: eventId } });
    if (event && event.status !== "pending") return { status: event.status, outcome: event.outcome };
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `event ${eventId} was not processed within ${timeoutMs} ms (status ${event?.status ?? "missing"})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The harness of a test file: started before its tests, emptied before each, closed after them.
 * The value stands for the running harness (a proxy), so tests write `h.api(…)` as usual.
 */
export function harnessForThisFile(options: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await current?.reset();
  });
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!current) throw new Error("the harness is used before its file's beforeAll started it");
      return Reflect.get(current, key) as unknown;
    },
  });
}
