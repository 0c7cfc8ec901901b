// End to end, beside the pipeline a team would hand-write: signed invoice.finalized deliveries →
// matched → a run → the Stripe write done, on PostgreSQL and the Stripe-compatible server.
//
// The floor is that hand-written pipeline, built here: a bare node:http receiver that checks the
// signature, inserts the event once (ON CONFLICT DO NOTHING) and enqueues a job in graphile-worker
// in the same transaction; graphile-worker's 16 concurrent handlers re-read the invoice and mark it
// uncollectible. The product runs `next start` with one automation (invoice finalized → mark
// uncollectible at once), with its worker in the process or with RUN_WORKER=false beside one
// `npm run worker`. Both get the same deliveries, sent at a fixed rate by the same generator.
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import Stripe from "stripe";
import { Logger as GraphileLogger, run as runGraphileWorker } from "graphile-worker";
import { buildSampleEvent, signStripePayload } from "../lib/samples/sample-events";
import { startStripeServer, type FakeStripe } from "../test/support/stripe-server";
import { createTestDatabase } from "../test/support/test-database";
import { startWorkerProcess } from "../test/support/worker-fleet";
import type { BenchSection } from "./report";
import { percentile, round } from "./report";
import { residentMiB, startServer } from "./server";

const SECRET = "whsec_bench_pipeline";
const HERE = path.dirname(new URL(import.meta.url).pathname);

interface Delivery {
  invoiceId: string;
  body: string;
}

/** N deliveries of invoice.finalized, each for an open invoice of its own that the server knows. */
function deliveries(stripe: FakeStripe, count: number, prefix: string): Delivery[] {
  const template = buildSampleEvent("invoice.finalized", { collectionMethod: "charge_automatically" });
  return Array.from({ length: count }, (_, i) => {
    const invoiceId = `in_${prefix}${i}`;
    const invoice = { ...template.data.object, id: invoiceId, status: "open", auto_advance: true };
    stripe.store.put({ ...invoice, object: "invoice", livemode: false });
    const event = {
      ...template,
      id: `evt_${prefix}${i}`,
      created: Math.floor(Date.now() / 1000),
      data: { object: invoice },
    };
    return { invoiceId, body: JSON.stringify(event) };
  });
}

/** Sends each delivery at its moment (`rate` per second), signed as it goes; resolves with the send times. */
async function send(
  url: string,
  list: Delivery[],
  rate: number,
): Promise<{ sentAt: Map<string, number>; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sentAt = new Map<string, number>();
  let errors = 0;
  const start = performance.timeOrigin + performance.now() + 200;
  await Promise.all(
    list.map(async (delivery, i) => {
      const at = start + (i * 1000) / rate;
      const wait = at - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sentAt.set(delivery.invoiceId, Date.now());
      const status = await post(agent, url, delivery.body, signStripePayload(delivery.body, SECRET));
      if (status !== 200) errors += 1;
    }),
  );
  agent.destroy();
  return { sentAt, errors };
}

function post(agent: http.Agent, url: string, body: string, signature: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "stripe-signature": signature } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", () => resolve(0));
    request.end(body);
  });
}

interface PipelineResult {
  actionsPerSecond: number;
  lagP50: number;
  lagP99: number;
  firstActionSeconds: number;
  /** Writes done while deliveries were still arriving, as a share of those sent by then. */
  duringBurst: number;
  requestsPerAction: number;
  errors: number;
  peakMiB?: number;
}

/** Waits until every invoice has its write at the server, then reads the figures off its log. */
async function measure(
  stripe: FakeStripe,
  list: Delivery[],
  sent: Promise<{ sentAt: Map<string, number>; errors: number }>,
  watch?: () => void,
): Promise<PipelineResult> {
  const started = Date.now();
  const writeOf = (invoiceId: string) => `/v1/invoices/${invoiceId}/mark_uncollectible`;
  const wanted = new Set(list.map((delivery) => writeOf(delivery.invoiceId)));
  let sendingDoneAt = 0;
  void sent.then(() => (sendingDoneAt = Date.now()));
  for (;;) {
    watch?.();
    const done = stripe.requests.filter((request) => request.method === "POST" && wanted.has(request.path)).length;
    if (done >= wanted.size) break;
    if (Date.now() - started > 300_000) throw new Error(`only ${done} of ${wanted.size} writes after 300 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { sentAt, errors } = await sent;
  const writes = new Map<string, number>();
  for (const request of stripe.requests) {
    if (request.method === "POST" && wanted.has(request.path) && !writes.has(request.path)) {
      writes.set(request.path, request.at);
    }
  }
  const lags = list
    .map((delivery) => (writes.get(writeOf(delivery.invoiceId))! - sentAt.get(delivery.invoiceId)!) / 1000)
    .sort((a, b) => a - b);
  const firstSent = Math.min(...sentAt.values());
  const lastWrite = Math.max(...writes.values());
  const firstWrite = Math.min(...writes.values());
  const duringBurst = [...writes.values()].filter((at) => at <= sendingDoneAt).length / list.length;
  return {
    actionsPerSecond: list.length / ((lastWrite - firstSent) / 1000),
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    firstActionSeconds: (firstWrite - firstSent) / 1000,
    duringBurst,
    requestsPerAction: stripe.requests.length / list.length,
    errors,
  };
}

async function floorPipeline(count: number, rate: number): Promise<PipelineResult> {
  const database = await createTestDatabase("postgresql");
  const stripe = await startStripeServer();
  const pool = new pg.Pool({ connectionString: database.url, max: 20 });
  // graphile-worker keeps a LISTEN connection of its own from the pool, which the database's drop
  // at the end terminates: that is the end of the floor, not a failure.
  pool.on("error", () => undefined);
  await pool.query(`CREATE TABLE floor_event (id text PRIMARY KEY, payload jsonb NOT NULL)`);
  const client = stripe.client();
  const runner = await runGraphileWorker({
    pgPool: pool,
    concurrency: 16,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: new GraphileLogger(() => () => undefined),
    taskList: {
      write_off: async (payload) => {
        const { invoiceId } = payload as { invoiceId: string };
        await client.invoices.retrieve(invoiceId);
        await client.invoices.markUncollectible(invoiceId, {}, { idempotencyKey: `floor-${invoiceId}` });
      },
    },
  });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        try {
          const event = Stripe.webhooks.constructEvent(body, String(request.headers["stripe-signature"]), SECRET) as {
            id: string;
            data: { object: { id: string } };
          };
          const connection = await pool.connect();
          try {
            await connection.query("BEGIN");
            const inserted = await connection.query(
              "INSERT INTO floor_event (id, payload) VALUES ($1, $2) ON CONFLICT DO NOTHING",
              [event.id, body],
            );
            if (inserted.rowCount === 1) {
              await connection.query(
                "SELECT graphile_worker.add_job('write_off', json_build_object('invoiceId', $1::text))",
                [event.data.object.id],
              );
            }
            await connection.query("COMMIT");
          } finally {
            connection.release();
          }
          response.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
        } catch {
          response.writeHead(400).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const list = deliveries(stripe, count, "floor");
  const result = await measure(stripe, list, send(url, list, rate));
  await runner.stop();
  await new Promise((resolve) => server.close(resolve));
  await pool.end();
  await stripe.close();
  await database.drop();
  return result;
}

async function productPipeline(
  count: number,
  rate: number,
  setup: { runWorker: boolean },
  port: number,
): Promise<PipelineResult> {
  const database = await createTestDatabase("postgresql");
  const stripe = await startStripeServer();
  await database.db.automation.create({
    data: {
      name: "Write off at once",
      trigger: "invoice_finalized",
      priority: 1,
      status: "active",
      conditions: [],
      steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
    },
  });
  const env = {
    DATABASE_URL: database.url,
    STRIPE_SECRET_KEY: stripe.apiKey,
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_MAX_REQUESTS_PER_SECOND: "100000",
    LOG_LEVEL: "warn",
    SEED_DEMO_HISTORY: "false",
    ...(setup.runWorker ? {} : { RUN_WORKER: "false" }),
  };
  const server = await startServer(env, port);
  const worker = setup.runWorker
    ? null
    : await startWorkerProcess({
        entry: path.join(HERE, "drain-worker.ts"),
        databaseUrl: database.url,
        stripe,
        stripeRatePerSecond: 100_000,
        env: { STRIPE_WEBHOOK_SECRET: SECRET, SCHEDULER_CRON: "*/5 * * * * *" },
      });
  const list = deliveries(stripe, count, "product");
  let peakMiB = 0;
  const watch = () => {
    peakMiB = Math.max(peakMiB, residentMiB(server.pid), worker ? residentMiB(worker.child.pid!) : 0);
  };
  const result = await measure(stripe, list, send(`${server.url}/api/webhooks/stripe`, list, rate), watch);
  await worker?.stop();
  await server.stop();
  await stripe.close();
  await database.drop();
  return { ...result, peakMiB };
}

export async function benchPipeline(options: { quick: boolean }): Promise<{ sections: BenchSection[] }> {
  const seconds = options.quick ? 5 : 20;
  const rows: Array<Array<string | number>> = [];
  for (const rate of options.quick ? [200] : [200, 500]) {
    const count = rate * seconds;
    const floor = await floorPipeline(count, rate);
    rows.push(row("hand-written: receiver + graphile-worker, 16 handlers", rate, floor, floor));
    console.log(`pipeline floor @${rate}/s: ${round(floor.actionsPerSecond, 0)} actions/s`);
    for (const [label, runWorker] of [
      ["npm start (worker in process)", true],
      ["RUN_WORKER=false + 1 worker", false],
    ] as const) {
      const result = await productPipeline(count, rate, { runWorker }, 3400 + rows.length);
      rows.push(row(label, rate, result, floor));
      console.log(`pipeline ${label} @${rate}/s: ${round(result.actionsPerSecond, 0)} actions/s`);
    }
  }
  return {
    sections: [
      {
        title: "End to end: a delivery to its Stripe write, beside a hand-written pipeline",
        description: `Signed \`invoice.finalized\` deliveries sent at a fixed rate for ${seconds} s, each for an open invoice of its own; each ends in a \`mark_uncollectible\` on the Stripe-compatible server (no rate limit), on PostgreSQL. Floor: a bare node:http receiver (signature check, one insert with dedupe, a graphile-worker job enqueued in the same transaction) and graphile-worker's 16 concurrent handlers, which re-read the invoice and write it off. The product: \`next start\` with one automation (invoice finalized → mark uncollectible at once). Lag: the write's arrival at the server minus the delivery's sending. "During the burst": the share of the writes done before the last delivery was sent. Targets: at least the floor's throughput, lag p99 ≤ 0.5 s at a rate below capacity, actions flowing during the burst, ≤ 1.1 requests per action.`,
        columns: [
          "pipeline",
          "deliveries/s",
          "actions/s",
          "× floor",
          "lag p50 s",
          "lag p99 s",
          "first action s",
          "during the burst",
          "requests/action",
          "peak MiB",
          "refused",
        ],
        rows,
      },
    ],
  };
}

function row(label: string, rate: number, result: PipelineResult, floor: PipelineResult): Array<string | number> {
  return [
    label,
    rate,
    round(result.actionsPerSecond, 0),
    round(result.actionsPerSecond / floor.actionsPerSecond, 2),
    round(result.lagP50, 2),
    round(result.lagP99, 2),
    round(result.firstActionSeconds, 2),
    `${Math.round(result.duringBurst * 100)} %`,
    round(result.requestsPerAction, 2),
    result.peakMiB ? round(result.peakMiB, 0) : "–",
    result.errors,
  ];
}
