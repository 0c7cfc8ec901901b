import autocannon, { type Request as CannonRequest } from "autocannon";
import { buildSampleEvent, signStripePayload } from "../lib/events/sample-events";
import type { DatabaseProvider } from "../lib/db/database-url";
import { createTestDatabase } from "../test/support/test-database";
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

export async function benchIngest(options: { quick: boolean }): Promise<IngestFigures> {
  const seconds = options.quick ? 3 : 10;
  const rates = [50, 200, 1000];
  const rows: Array<Array<string | number>> = [];
  const memory: Array<Array<string | number>> = [];
  let port = 3400;
  for (const provider of ["sqlite", "postgresql"] as DatabaseProvider[]) {
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
        },
        port++,
      );
      const webhook = `${server.url}/api/webhooks/stripe`;
      const floorUrl = `${server.url}/api/bench/floor`;
      await load(webhook, { seconds: 1, connections: 4 }); // warm up both
      await load(floorUrl, { seconds: 1, connections: 4 });
      const idle = residentMiB(server.pid);
      const saturation = await load(webhook, { seconds, connections: 32 });
      const floorSaturation = await load(floorUrl, { seconds, connections: 32 });
      rows.push([
        provider,
        "saturation",
        round(saturation.rps, 0),
        round(floorSaturation.rps, 0),
        round(saturation.rps / floorSaturation.rps, 2),
        saturation.p50,
        saturation.p99,
        floorSaturation.p99,
        saturation.non2xx,
      ]);
      let rssUnderLoad = NaN;
      for (const rate of rates) {
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
        rows.push([
          provider,
          `${rate}/s`,
          round(measured.rps, 0),
          round(floorMeasured.rps, 0),
          round(measured.rps / floorMeasured.rps, 2),
          measured.p50,
          measured.p99,
          floorMeasured.p99,
          measured.non2xx,
        ]);
      }
      memory.push([`server (${provider}, worker in process)`, round(idle, 0), round(rssUnderLoad, 0)]);
      const stored = await (
        await import("../lib/db/client")
      )
        .createDatabase((await import("../lib/db/database-url")).resolveDatabaseTarget(database.url))
        .db.event.count();
      console.log(`ingest ${provider}: ${stored} events stored`);
    } finally {
      await server?.stop();
      await database.drop();
    }
  }
  return {
    sections: [
      {
        title: "Webhook ingest",
        description: `\`POST /api/webhooks/stripe\` on \`next start\`, each request a fresh signed \`invoice.finalized\` (verified, stored, answered; matched after the answer in the same process). Floor: a bare route in the same build that answers 200. ${seconds} s per figure, autocannon (32 connections at saturation, 16 at fixed rates). Targets: at least half the floor's throughput; p99 ≤ 50 ms at 200 events/s.`,
        columns: [
          "database",
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
    ],
    memory,
  };
}
