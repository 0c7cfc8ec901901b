import autocannon, { type Request as CannonRequest } from "autocannon";
import { buildSampleEvent, signStripePayload } from "../lib/samples/sample-events";
import type { DatabaseProvider } from "../lib/db/database-url";
import { createDatabase, type Db } from "../lib/db/client";
import { resolveDatabaseTarget } from "../lib/db/database-url";
import { createTestDatabase } from "../test/support/test-database";
import { startWorkerProcess } from "../test/support/worker-fleet";
import type { BenchSection } from "./report";
import { round } from "./report";
import { residentMiB, startServer, type RunningServer } from "./server";

/**
 * Webhook ingest against `next start`: throughput at saturation and latency at fixed rates, each
 * request a fresh, correctly signed Stripe event (a `invoice.finalized`: stored, then matched after
 * the answer). The floor is a bare route handler in the same build that answers 200.
 */
const SECRET = "whsec_bench_ingest";

function signedEventRequest() {
  // One template, re-stamped per request: building from the fixtures per request would measure the generator.
  const template = buildSampleEvent("invoice.finalized", { collectionMethod: "charge_automatically" });
  let counter = 0;
  return {
    method: "POST" as const,
    setupRequest(request: CannonRequest): CannonRequest {
      counter += 1;
      const suffix = `${process.pid}x${counter}x${Math.random().toString(36).slice(2, 8)}`;
      const event = {
        ...template,
        id: `evt_bench${suffix}`,
        data: { object: { ...template.data.object, id: `in_bench${suffix}` } },
      };
      const body = JSON.stringify(event);
      request.body = body;
      request.headers = { "content-type": "application/json", "stripe-signature": signStripePayload(body, SECRET) };
      return request;
    },
  };
}

async function load(url: string, options: { seconds: number; connections: number; rate?: number }) {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [signedEventRequest()],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}

export interface IngestFigures {
  sections: BenchSection[];
  memory: Array<Array<string | number>>;
}

/** The two ways to run the web side: everything in one process, or web instances beside workers. */
const SERVER_SETUPS = [
  {
    label: "npm start (worker in process)",
    env: {} as Record<string, string>,
    separateWorkers: false,
    rates: [50, 200, 1000],
  },
  {
    label: "web instance, RUN_WORKER=false",
    env: { RUN_WORKER: "false" } as Record<string, string>,
    separateWorkers: true,
    rates: [200],
  },
] as const;

export async function benchIngest(options: { quick: boolean }): Promise<IngestFigures> {
  const seconds = options.quick ? 3 : 10;
  const rows: Array<Array<string | number>> = [];
  const backlogRows: Array<Array<string | number>> = [];
  const memory: Array<Array<string | number>> = [];
  let port = 3400;
  for (const provider of ["sqlite", "postgresql"] as DatabaseProvider[]) {
    for (const setup of SERVER_SETUPS) {
      const database = await createTestDatabase(provider);
      await database.db.$disconnect();
      let server: RunningServer | null = null;
      try {
        server = await startServer(
          {
            DATABASE_URL: database.url,
            STRIPE_WEBHOOK_SECRET: SECRET,
            BENCH_FLOOR_ROUTE: "1",
            SCHEDULER_CRON: "* * * * * *",
            STRIPE_SECRET_KEY: "",
            ...setup.env,
          },
          port++,
        );
        const webhook = `${server.url}/api/webhooks/stripe`;
        const floorUrl = `${server.url}/api/bench/floor`;
        await load(webhook, { seconds: 1, connections: 4 }); // warm up both
        await load(floorUrl, { seconds: 1, connections: 4 });
        const idle = residentMiB(server.pid);
        const row = (load: string, measured: LoadResult, floor: LoadResult) => [
          provider,
          setup.label,
          load,
          round(measured.rps, 0),
          round(floor.rps, 0),
          round(measured.rps / floor.rps, 2),
          measured.p50,
          measured.p99,
          floor.p99,
          measured.non2xx,
        ];
        const saturation = await load(webhook, { seconds, connections: 32 });
        const floorSaturation = await load(floorUrl, { seconds, connections: 32 });
        rows.push(row("saturation", saturation, floorSaturation));
        let rssUnderLoad = NaN;
        for (const rate of setup.rates) {
          const sampler =
            rate === 200
              ? setInterval(
                  () =>
                    (rssUnderLoad = Math.max(Number.isNaN(rssUnderLoad) ? 0 : rssUnderLoad, residentMiB(server!.pid))),
                  250,
                )
              : null;
          const measured = await load(webhook, { seconds, connections: 16, rate });
          if (sampler) clearInterval(sampler);
          const floorMeasured = await load(floorUrl, { seconds, connections: 16, rate });
          rows.push(row(`${rate}/s`, measured, floorMeasured));
        }
        memory.push([`server (${provider}, ${setup.label})`, round(idle, 0), round(rssUnderLoad, 0)]);
        if (setup.separateWorkers) {
          backlogRows.push([provider, ...Object.values(await drainBacklog(server, database.url))]);
        }
      } finally {
        await server?.stop();
        await database.drop();
      }
    }
  }
  return {
    sections: [
      {
        title: "Webhook ingest",
        description: `\`POST /api/webhooks/stripe\` on \`next start\`, each request a fresh signed \`invoice.finalized\` (verified, stored, answered). With the worker in the process (\`npm start\`'s default) the event is matched after the answer in the same process; a web instance started with \`RUN_WORKER=false\` (scale-out, beside \`npm run worker\`) only stores it, and the workers match. Floor: a bare route in the same build that answers 200. ${seconds} s per figure, autocannon (32 connections at saturation, 16 at fixed rates). Targets: at least half the floor's throughput; p99 ≤ 50 ms at 200 events/s.`,
        columns: [
          "database",
          "server",
          "load",
          "events/s",
          "floor req/s",
          "× floor",
          "p50 ms",
          "p99 ms",
          "floor p99 ms",
          "errors",
        ],
        rows,
      },
      {
        title: "Webhook ingest: the workers' matching of what a web instance stored",
        description:
          "After the load on the `RUN_WORKER=false` instance (server stopped), one `npm run worker` process matches the stored backlog (no automations: the evaluation is recorded, nothing starts).",
        columns: ["database", "events matched", "seconds", "events/s"],
        rows: backlogRows,
      },
    ],
    memory,
  };
}

type LoadResult = Awaited<ReturnType<typeof load>>;

/**
 * Stops the web instance and lets one real worker process match everything it stored. Timed by the
 * events' own processedAt, first to last: a worker on SQLite can drain the whole backlog before its
 * "ready" reaches this process (its driver never yields to the event loop), so a clock started then
 * would see nothing.
 */
async function drainBacklog(server: RunningServer, databaseUrl: string) {
  await server.stop();
  const database = createDatabase(resolveDatabaseTarget(databaseUrl));
  const pending = await database.db.event.count({ where: { status: "pending" } });
  const worker = await startWorkerProcess({ databaseUrl });
  await waitUntilNoPendingEvents(database.db);
  const span = await database.db.event.aggregate({
    where: { status: "processed" },
    _min: { processedAt: true },
    _max: { processedAt: true },
  });
  const seconds = ((span._max.processedAt?.getTime() ?? 0) - (span._min.processedAt?.getTime() ?? 0)) / 1000;
  await worker.stop();
  await database.db.$disconnect();
  return { pending, seconds: round(seconds, 1), perSecond: round(pending / seconds, 0) };
}

async function waitUntilNoPendingEvents(db: Db): Promise<void> {
  while ((await db.event.count({ where: { status: "pending" } })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
