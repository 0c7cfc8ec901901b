import { performance } from "node:perf_hooks";
import type { DatabaseProvider } from "../lib/db/database-url";
import { createEngine } from "../lib/engine/engine";
import { parseConfig } from "../lib/config";
import { listEvents } from "../lib/events/list-events";
import { claimDueSteps } from "../lib/jobs/claim";
import { listRuns } from "../lib/runs/list-runs";
import { createTestDatabase, type TestDatabase } from "../test/support/test-database";
import type { BenchSection } from "./report";
import { round } from "./report";

/**
 * Growth: with many stored runs, steps and events, the queries that run all the time — the worker's
 * claim, the runs list and the events list — must stay on indexes, so their times stay flat.
 * Rows are generated in the database itself (generate_series / a recursive CTE) in steps, and the
 * queries are timed at each size; the query plans at the largest size are printed.
 */
async function grow(database: TestDatabase, from: number, to: number) {
  const db = database.db;
  if (from === 0) {
    for (let i = 0; i < 10; i++) {
      await db.automation.create({
        data: {
          id: `auto_g${i}`,
          name: `growth ${i}`,
          trigger: "invoice_finalized",
          priority: i + 1,
          conditions: [],
          steps: [],
        },
      });
    }
  }
  if (database.provider === "postgresql") {
    await db.$executeRawUnsafe(`
      INSERT INTO "Event" ("id","type","objectId","source","payload","status","receivedAt","processedAt")
      SELECT 'evt_g' || g, 'invoice.finalized', 'in_g' || g, 'stripe', '{}'::jsonb, 'processed',
             now() - (g || ' seconds')::interval, now()
      FROM generate_series(${from + 1}, ${to}) g`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Run" ("id","automationId","trigger","objectType","objectId","invoiceId","eventId","status","anchorAt","snapshot","context","createdAt","updatedAt")
      SELECT 'run_g' || g, 'auto_g' || (g % 10), 'invoice_finalized', 'invoice', 'in_g' || g, 'in_g' || g, 'evt_g' || g,
             CASE WHEN g % 100 = 0 THEN 'running' ELSE 'succeeded' END, now(), '{}'::jsonb, '{}'::jsonb,
             now() - (g || ' seconds')::interval, now()
      FROM generate_series(${from + 1}, ${to}) g`);
    await db.$executeRawUnsafe(`
      INSERT INTO "RunStep" ("id","runId","position","key","action","params","dueAt","status")
      SELECT 'step_g' || g, 'run_g' || g, 0, '0', 'mark_invoice_uncollectible', '{}'::jsonb,
             CASE WHEN g % 100 = 0 THEN now() + interval '1 day' ELSE now() - (g || ' seconds')::interval END,
             CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'succeeded' END
      FROM generate_series(${from + 1}, ${to}) g`);
    await db.$executeRawUnsafe(`ANALYZE`);
    return;
  }
  const series = `WITH RECURSIVE g(x) AS (SELECT ${from + 1} UNION ALL SELECT x + 1 FROM g WHERE x < ${to})`;
  const ago = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ${expr} || ' seconds')`;
  await db.$executeRawUnsafe(`${series}
    INSERT INTO "Event" ("id","type","objectId","source","payload","status","receivedAt","processedAt")
    SELECT 'evt_g' || x, 'invoice.finalized', 'in_g' || x, 'stripe', '{}', 'processed', ${ago("x")}, ${ago("0")} FROM g`);
  await db.$executeRawUnsafe(`${series}
    INSERT INTO "Run" ("id","automationId","trigger","objectType","objectId","invoiceId","eventId","status","anchorAt","snapshot","context","createdAt","updatedAt")
    SELECT 'run_g' || x, 'auto_g' || (x % 10), 'invoice_finalized', 'invoice', 'in_g' || x, 'in_g' || x, 'evt_g' || x,
           CASE WHEN x % 100 = 0 THEN 'running' ELSE 'succeeded' END, ${ago("0")}, '{}', '{}', ${ago("x")}, ${ago("0")} FROM g`);
  await db.$executeRawUnsafe(`${series}
    INSERT INTO "RunStep" ("id","runId","position","key","action","params","dueAt","status")
    SELECT 'step_g' || x, 'run_g' || x, 0, '0', 'mark_invoice_uncollectible', '{}',
           CASE WHEN x % 100 = 0 THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 day') ELSE ${ago("x")} END,
           CASE WHEN x % 100 = 0 THEN 'pending' ELSE 'succeeded' END FROM g`);
  await db.$executeRawUnsafe(`ANALYZE`);
}

async function median(times: number, work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const CLAIM_SQL = (provider: DatabaseProvider) => `
  SELECT c."id" FROM "RunStep" c
  WHERE c."status" IN ('pending', 'running') AND c."dueAt" <= ${provider === "postgresql" ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ','now')"}
    AND (c."lockedUntil" IS NULL OR c."lockedUntil" < ${provider === "postgresql" ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ','now')"})
    AND EXISTS (SELECT 1 FROM "Run" r WHERE r."id" = c."runId" AND r."status" = 'running')
    AND NOT EXISTS (SELECT 1 FROM "RunStep" p WHERE p."runId" = c."runId" AND p."blocking" = TRUE AND p."position" < c."position" AND p."status" IN ('pending','running'))
  ORDER BY c."dueAt" LIMIT 50`;

async function plan(database: TestDatabase, sql: string): Promise<string> {
  const prefix = database.provider === "postgresql" ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
  const rows = await database.db.$queryRawUnsafe<Array<Record<string, unknown>>>(prefix + sql);
  return rows.map((row) => String(row["QUERY PLAN"] ?? row.detail ?? JSON.stringify(row))).join("\n");
}

export async function benchGrowth(options: { quick: boolean }): Promise<{ sections: BenchSection[]; plans: string }> {
  const sizes = options.quick ? [10_000, 50_000] : [10_000, 100_000, 1_000_000];
  const rows: Array<Array<string | number>> = [];
  let plans = "";
  for (const provider of ["postgresql", "sqlite"] as DatabaseProvider[]) {
    const database = await createTestDatabase(provider);
    const config = parseConfig({ DATABASE_URL: database.url, LEASE_SECONDS: "60" });
    const engine = createEngine({ database, config, workerId: "growth" });
    try {
      let have = 0;
      for (const size of sizes) {
        const started = performance.now();
        await grow(database, have, size);
        have = size;
        console.log(
          `growth ${provider}: ${size.toLocaleString("en-US")} rows each in ${round((performance.now() - started) / 1000)} s`,
        );
        // Nothing is due (pending steps are due tomorrow), so the claim finds nothing: it must not scan to say so.
        const claim = await median(15, () => claimDueSteps(engine, 50));
        const runsPage = await median(15, () => listRuns(database.db, { limit: 50 }));
        const runsFiltered = await median(15, () =>
          listRuns(database.db, { automationId: "auto_g3", status: "running", limit: 50 }),
        );
        const eventsPage = await median(15, () => listEvents(database.db, { limit: 50 }));
        rows.push([
          provider,
          size.toLocaleString("en-US"),
          round(claim, 2),
          round(runsPage, 2),
          round(runsFiltered, 2),
          round(eventsPage, 2),
        ]);
      }
      plans += `### ${provider}, ${have.toLocaleString("en-US")} runs, steps and events\n\nClaim (the candidate selection):\n\n\`\`\`\n${await plan(database, CLAIM_SQL(provider))}\n\`\`\`\n\nRuns list, filtered by automation and status:\n\n\`\`\`\n${await plan(
        database,
        `SELECT * FROM "Run" WHERE "automationId" = 'auto_g3' AND "status" = 'running' ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`,
      )}\n\`\`\`\n\nEvents list:\n\n\`\`\`\n${await plan(database, `SELECT "id" FROM "Event" ORDER BY "receivedAt" DESC, "id" DESC LIMIT 51`)}\n\`\`\`\n\n`;
    } finally {
      await database.drop();
    }
  }
  return {
    sections: [
      {
        title: "Growth: the hot queries as the tables grow",
        description:
          "Median of 15 runs each, in ms, with N rows in each of Run, RunStep and Event (1% of runs running with a step due tomorrow). Target: flat times (the plans below show the indexes used).",
        columns: [
          "database",
          "rows per table",
          "claim ms",
          "runs list ms",
          "runs by automation+status ms",
          "events list ms",
        ],
        rows,
      },
    ],
    plans,
  };
}
