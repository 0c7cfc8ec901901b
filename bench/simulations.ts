import { performance } from "node:perf_hooks";
import { parseConfig } from "../lib/config";
import type { DatabaseProvider } from "../lib/db/database-url";
import { createEngine } from "../lib/engine/engine";
import { createLogger } from "../lib/log/logger";
import { stripeEventSchema } from "../lib/events/stripe-event";
import { buildSampleEvent, sampleIds } from "../lib/samples/sample-events";
import { automationInputSchema } from "../lib/automations/schema";
import { computeDueTimes } from "../lib/runs/compute-due-times";
import { runBacktest } from "../lib/simulations/backtest";
import { simulateTimeline } from "../lib/simulations/timeline";
import { createDryRunGateway } from "../lib/stripe/gateway";
import { createTestDatabase } from "../test/support/test-database";
import type { BenchSection } from "./report";
import { percentile, round } from "./report";

// The simulations: a backtest over stored events, and the test clock's path for one invoice.

/**
 * A backtest over stored events: each replayed through classification and matching against ten
 * automations on its trigger (payload facts only, the matching one last, so all are checked).
 * Floor: reading the same events from the database and parsing each payload with the event schema —
 * what any replay must do before it matches anything.
 */
const AUTOMATIONS = 10;

/** An engine on this database that reads nothing from Stripe and logs nothing. */
function dryRunEngine(database: Awaited<ReturnType<typeof createTestDatabase>>) {
  const config = parseConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  return createEngine({
    database,
    config,
    gateway: createDryRunGateway(),
    log: createLogger({ config, level: "silent" }),
  });
}

async function seed(db: Awaited<ReturnType<typeof createTestDatabase>>["db"], count: number, start: number) {
  const chunk = 500;
  for (let offset = 0; offset < count; offset += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - offset) }, (_, k) => {
      const i = offset + k;
      const event = buildSampleEvent("invoice.payment_failed", {
        ...sampleIds(),
        attemptCount: 1,
        amount: 1_000 + (i % 50) * 100,
        invoiceMetadata: { region: i % 3 === 0 ? "eu" : "us" },
        created: Math.floor((start + i * 1000) / 1000),
      });
      return {
        id: event.id,
        type: event.type,
        objectId: event.data.object.id,
        payload: event as object,
        status: "processed",
        receivedAt: new Date(start + i * 1000),
      };
    });
    await db.event.createMany({ data: rows });
  }
}

async function measure(provider: DatabaseProvider, events: number) {
  const database = await createTestDatabase(provider);
  try {
    const start = Date.now() - events * 1000 - 60_000;
    await seed(database.db, events, start);
    for (let i = 0; i < AUTOMATIONS; i++) {
      await database.db.automation.create({
        data: {
          name: `Region ${i}`,
          trigger: "subscription_payment_failed",
          priority: i + 1,
          conditions: [
            { type: "invoice_metadata", key: "region", value: i === AUTOMATIONS - 1 ? "eu" : `region-${i}` },
            { type: "invoice_amount", min: 1_000, max: null },
          ],
          steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
        },
      });
    }
    const engine = dryRunEngine(database);
    const window = { from: new Date(start - 1000).toISOString(), to: new Date().toISOString() };

    let started = performance.now();
    const rows = await database.db.event.findMany({
      where: { receivedAt: { gte: new Date(window.from), lte: new Date(window.to) } },
      select: { id: true, payload: true },
    });
    for (const row of rows) stripeEventSchema.parse(row.payload);
    const floorSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    const result = await runBacktest(engine, window);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, floorSeconds, checks: result.summary.checks, matched: result.summary.byAutomation };
  } finally {
    await database.drop();
  }
}

const DUNNING_60_DAYS = {
  name: "Dunning",
  trigger: "subscription_payment_failed",
  conditions: [],
  steps: [
    {
      type: "action",
      action: "set_retry_policy",
      params: { retries: [1, 3, 5, 7, 14].map((amount) => ({ amount, unit: "days" })) },
    },
    { type: "delay", amount: 30, unit: "days" },
    { type: "action", action: "mark_invoice_uncollectible" },
    {
      type: "action",
      action: "send_customer_email",
      params: {
        subject: "Invoice {{invoice.number}}",
        body: "Hi {{customer.name}}, **{{invoice.amount_due}}** is written off.",
      },
    },
    { type: "delay", amount: 30, unit: "days" },
    { type: "action", action: "cancel_subscription" },
  ],
} as const;

/**
 * The test clock's 60-day path: five declined retries, a write-off, a rendered email and a cancel.
 * Floor: what any path must do before it acts — parse the automation and lay out its due times.
 */
async function measureTimeline(runs: number) {
  const database = await createTestDatabase("sqlite");
  try {
    const engine = dryRunEngine(database);
    const invoice = buildSampleEvent("invoice.payment_failed", { ...sampleIds(), attemptCount: 1 }).data.object;
    const times: number[] = [];
    const floors: number[] = [];
    let steps = 0;
    for (let i = 0; i < runs + 5; i++) {
      let started = performance.now();
      const automation = automationInputSchema.parse(DUNNING_60_DAYS);
      computeDueTimes(automation.steps, new Date());
      const floor = performance.now() - started;
      started = performance.now();
      const path = await simulateTimeline(engine, {
        automation: DUNNING_60_DAYS,
        invoice,
        outcome: { paysAtAttempt: null },
      });
      const took = performance.now() - started;
      steps = path.steps.length;
      if (i >= 5) {
        times.push(took);
        floors.push(floor);
      }
    }
    times.sort((a, b) => a - b);
    floors.sort((a, b) => a - b);
    return { median: percentile(times, 50), p99: percentile(times, 99), floor: percentile(floors, 50), steps };
  } finally {
    await database.drop();
  }
}

export async function benchSimulations(options: { quick: boolean }): Promise<BenchSection[]> {
  const events = options.quick ? 1_000 : 10_000;
  const rows: Array<Array<string | number>> = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    const figures = await measure(provider, events);
    rows.push([
      provider === "sqlite" ? "SQLite" : "PostgreSQL",
      events.toLocaleString("en-US"),
      round(figures.seconds, 2),
      Math.round(events / figures.seconds),
      Math.round(events / figures.floorSeconds),
      round(figures.seconds / figures.floorSeconds, 1),
    ]);
  }
  const runs = options.quick ? 20 : 200;
  const path = await measureTimeline(runs);
  return [
    {
      title: "Backtest: stored events replayed against a set of automations",
      description: `\`POST /api/simulations\`'s work (\`runBacktest\`) over a window of stored \`invoice.payment_failed\` events, ${AUTOMATIONS} automations on the trigger checking invoice metadata and amount, the matching one last (every automation is checked for every event), dry-run (no Stripe reads). Floor: reading the same events and parsing each payload with the event schema. Target: at least 1,000 events per second.`,
      columns: ["database", "events", "seconds", "events/s", "floor events/s", "× floor"],
      rows,
    },
    {
      title: "Test clock: one invoice's 60-day path",
      description: `\`POST /api/simulations/timeline\`'s work (\`simulateTimeline\`), ${runs} paths after 5 to warm up: a payment failure through five declined retries over 14 days, a write-off and a rendered customer email at day 30, and the cancel at day 60. Floor: parsing the automation and laying out its due times. Target: well under a second.`,
      columns: ["steps in the path", "median ms", "p99 ms", "floor median ms"],
      rows: [[path.steps, round(path.median, 2), round(path.p99, 2), round(path.floor, 3)]],
    },
  ];
}
