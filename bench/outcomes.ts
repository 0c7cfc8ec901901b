import os from "node:os";
import { performance } from "node:perf_hooks";
import type { DatabaseProvider } from "../lib/db/database-url";
import { weekOf } from "../lib/outcomes/attribution";
import { queryOutcomes, type OutcomesFilters } from "../lib/outcomes/query-outcomes";
import type { Trigger } from "../lib/triggers";
import { createTestDatabase, type TestDatabase } from "../test/support/test-database";
import type { BenchSection } from "./report";
import { round } from "./report";

/**
 * Outcomes: the report (`queryOutcomes`) over a year of runs, one Outcome row each, must stay
 * interactive. Rows are generated here from a seeded random source (the same rows on both
 * databases) and loaded with multi-row INSERTs in transactions. Each report stands beside a floor
 * measured in the same run: a bare COUNT(*) with the same filters, the least any query over those
 * rows must read.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * DAY_MS;
const BATCH = 5_000;
/** 100,000 rows a transaction: a commit is not paid per batch, and none holds the whole load. */
const BATCHES_PER_TRANSACTION = 20;
const SAMPLES = 5;
/** A report slower than this is not interactive. */
const INTERACTIVE_MS = 1_000;

interface BenchAutomation {
  id: string;
  trigger: Trigger;
  priority: number;
  holdoutPercent: number;
  /** Its share of all matches. */
  weight: number;
}

// Eight automations over the five triggers: failed subscription payments are the bulk of a
// billing account's matches; three automations hold 10 % out.
const AUTOMATIONS: BenchAutomation[] = [
  { id: "auto_o0", trigger: "subscription_payment_failed", priority: 1, holdoutPercent: 10, weight: 25 },
  { id: "auto_o1", trigger: "subscription_payment_failed", priority: 2, holdoutPercent: 0, weight: 15 },
  { id: "auto_o2", trigger: "invoice_finalized", priority: 1, holdoutPercent: 10, weight: 15 },
  { id: "auto_o3", trigger: "invoice_finalized", priority: 2, holdoutPercent: 0, weight: 10 },
  { id: "auto_o4", trigger: "invoice_overdue", priority: 1, holdoutPercent: 10, weight: 10 },
  { id: "auto_o5", trigger: "invoice_overdue", priority: 2, holdoutPercent: 0, weight: 5 },
  { id: "auto_o6", trigger: "invoice_due_date_upcoming", priority: 1, holdoutPercent: 0, weight: 10 },
  { id: "auto_o7", trigger: "subscription_canceled", priority: 1, holdoutPercent: 0, weight: 10 },
];
const TOTAL_WEIGHT = AUTOMATIONS.reduce((sum, automation) => sum + automation.weight, 0);

// What became of an invoice run, in the shares a collections team sees over a year.
const STATUS_SHARES: Array<[string, number]> = [
  ["recovered", 0.55],
  ["written_off", 0.15],
  ["voided", 0.05],
  ["canceled", 0.05],
  ["open", 0.15],
  ["paid_late", 0.05],
];

/** A small seeded generator (mulberry32), so both databases hold the same rows in every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, items: Array<[T, number]>): T => {
  let at = random();
  for (const [item, share] of items) {
    at -= share;
    if (at < 0) return item;
  }
  return items[items.length - 1]![0];
};

function pickAutomation(random: () => number): BenchAutomation {
  let at = random() * TOTAL_WEIGHT;
  for (const automation of AUTOMATIONS) {
    at -= automation.weight;
    if (at < 0) return automation;
  }
  return AUTOMATIONS[AUTOMATIONS.length - 1]!;
}

/** Most payments come within a day or two of the first email, a long tail until the window closes. */
const hoursToRecover = (random: () => number) => Math.min(700, Math.floor(-Math.log(1 - random()) * 48));

/** Invoice amounts from $5 to about $600, most of them small. */
const amountDue = (random: () => number) => 500 + Math.floor(Math.exp(random() * Math.log(600)) * 100) - 100;

/** The columns loaded, with their PostgreSQL types (for the arrays the rows travel in). */
const COLUMNS: Array<[string, string]> = [
  ["id", "text"],
  ["automationId", "text"],
  ["trigger", "text"],
  ["runId", "text"],
  ["heldOut", "boolean"],
  ["objectId", "text"],
  ["invoiceId", "text"],
  ["subscriptionId", "text"],
  ["matchedAt", "timestamp"],
  ["matchedWeek", "integer"],
  ["amountDue", "integer"],
  ["currency", "text"],
  ["status", "text"],
  ["followUntil", "timestamp"],
  ["resolvedAt", "timestamp"],
  ["amountPaid", "integer"],
  ["paidCurrency", "text"],
  ["recoveredAmount", "integer"],
  ["recoveredCurrency", "text"],
  ["secondsToRecover", "integer"],
  ["hoursToRecover", "integer"],
  ["createdAt", "timestamp"],
  ["updatedAt", "timestamp"],
];

type Value = string | number | boolean | null;

/** One Outcome row, in COLUMNS' order; times as SQLite keeps Prisma's DateTime (ISO text, +00:00). */
function outcomeRow(index: number, count: number, random: () => number, now: Date): Value[] {
  const automation = pickAutomation(random);
  const invoice = automation.trigger !== "subscription_canceled";
  const heldOut = automation.holdoutPercent > 0 && random() * 100 < automation.holdoutPercent;
  // Outcomes are written as matches happen: ids and matchedAt rise together across the year.
  const matched = now.getTime() - YEAR_MS + Math.floor(((index + random()) * YEAR_MS) / count);
  const id = String(index).padStart(7, "0");
  const objectId = invoice ? `in_o${id}` : `sub_o${id}`;
  const due = invoice ? amountDue(random) : null;
  // A canceled subscription's run is settled when it matches.
  const status = invoice ? pick(random, STATUS_SHARES) : "canceled";
  const hours = status === "recovered" ? hoursToRecover(random) : null;
  const seconds = hours === null ? null : hours * 3600 + Math.floor(random() * 3600);
  const resolved =
    status === "open"
      ? null
      : seconds !== null
        ? matched + seconds * 1000
        : invoice
          ? matched + Math.floor(random() * 30 * 24) * HOUR_MS
          : matched;
  const paid = status === "recovered" || status === "paid_late";
  const recovered = status === "recovered";
  const matchedAt = iso(matched);
  const resolvedAt = resolved === null ? null : iso(resolved);
  return [
    `out_o${id}`,
    automation.id,
    automation.trigger,
    heldOut ? null : `run_o${id}`,
    heldOut,
    objectId,
    invoice ? objectId : null,
    invoice ? `sub_o${index % 200_000}` : objectId,
    matchedAt,
    weekOf(new Date(matched)),
    due,
    invoice ? "usd" : null,
    status,
    heldOut ? iso(matched + 37 * DAY_MS) : null,
    resolvedAt,
    paid ? due : null,
    paid ? "usd" : null,
    recovered ? due : null,
    recovered ? "usd" : null,
    seconds,
    hours,
    matchedAt,
    resolvedAt ?? matchedAt,
  ];
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const COLUMN_LIST = COLUMNS.map(([column]) => `"${column}"`).join(",");

/**
 * One multi-row INSERT. SQLite parses literal VALUES quickly; PostgreSQL spends longer planning
 * 100,000 literals than inserting their rows, so it gets one array per column instead.
 */
function insertBatch(provider: DatabaseProvider, rows: Value[][]): { sql: string; args: unknown[] } {
  if (provider === "postgresql") {
    // Array literals: no value here holds a quote, a comma, a brace or a space.
    const element = (value: Value) =>
      value === null ? "NULL" : typeof value === "boolean" ? (value ? "t" : "f") : value;
    const arrays = COLUMNS.map((_, i) => `{${rows.map((row) => element(row[i]!)).join(",")}}`);
    const unnest = COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(",");
    return { sql: `INSERT INTO "Outcome" (${COLUMN_LIST}) SELECT * FROM unnest(${unnest})`, args: arrays };
  }
  // No generated string holds a quote.
  const literal = (value: Value) =>
    value === null ? "NULL" : typeof value === "string" ? `'${value}'` : typeof value === "boolean" ? +value : value;
  return {
    sql: `INSERT INTO "Outcome" (${COLUMN_LIST}) VALUES ${rows.map((row) => `(${row.map(literal).join(",")})`).join(",")}`,
    args: [],
  };
}

/** Loads `count` Outcome rows matched over the 365 days before `now`, and the automations they belong to. */
async function loadOutcomes(database: TestDatabase, count: number, now: Date): Promise<void> {
  const db = database.db;
  for (const automation of AUTOMATIONS) {
    await db.automation.create({
      data: {
        id: automation.id,
        name: `outcomes ${automation.id}`,
        trigger: automation.trigger,
        priority: automation.priority,
        holdoutPercent: automation.holdoutPercent,
        conditions: [],
        steps: [],
        createdAt: new Date(now.getTime() - 400 * DAY_MS),
      },
    });
  }
  // The migration's indexes are set aside during the load and rebuilt from their own definitions
  // after it: the same indexes, built in one sort each instead of a million inserts each.
  const indexes =
    database.provider === "postgresql"
      ? await db.$queryRawUnsafe<Array<{ name: string; sql: string }>>(
          `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
           WHERE i.tablename = 'Outcome' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        )
      : await db.$queryRawUnsafe<Array<{ name: string; sql: string }>>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Outcome' AND sql IS NOT NULL`,
        );
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  const random = seeded(20_261_202);
  let index = 0;
  while (index < count) {
    const batches: Array<{ sql: string; args: unknown[] }> = [];
    for (let b = 0; b < BATCHES_PER_TRANSACTION && index < count; b++) {
      const rows: Value[][] = [];
      for (let k = 0; k < BATCH && index < count; k++, index++) rows.push(outcomeRow(index, count, random, now));
      batches.push(insertBatch(database.provider, rows));
    }
    await db.$transaction(
      async (tx) => {
        for (const batch of batches) await tx.$executeRawUnsafe(batch.sql, ...batch.args);
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
  }
  for (const index of indexes) await db.$executeRawUnsafe(index.sql);
  // VACUUM as autovacuum would after a year of inserts: without the visibility map PostgreSQL
  // cannot answer from an index alone, which no long-lived table shows. SQLite gets no ANALYZE:
  // the app never runs one, so its planner works without statistics, as it will in production.
  if (database.provider === "postgresql") await db.$executeRawUnsafe(`VACUUM ANALYZE "Outcome"`);
}

interface Case {
  name: string;
  filters: OutcomesFilters;
  trigger?: Trigger;
  automationId?: string;
}

function cases(now: Date): Case[] {
  const year = { from: new Date(now.getTime() - YEAR_MS).toISOString(), to: now.toISOString() };
  return [
    { name: "default (last 90 days, all automations)", filters: {} },
    { name: "the whole year", filters: year },
    { name: "one automation, the whole year", filters: { ...year, automationId: "auto_o0" }, automationId: "auto_o0" },
    {
      name: "one trigger, last 90 days",
      filters: { trigger: "subscription_payment_failed" },
      trigger: "subscription_payment_failed",
    },
  ];
}

/** The rows of a case's range and filters: `select` over them, as either database takes its parameters. */
function overRows(database: TestDatabase, c: Case, range: { from: string; to: string }, select: string) {
  const postgres = database.provider === "postgresql";
  const param = (n: number) => (postgres ? `$${n}::${n <= 2 ? "timestamp" : "text"}` : "?");
  // SQLite compares the stored text, so the bounds are written as Prisma writes them.
  const time = (iso: string) => (postgres ? iso : iso.replace("Z", "+00:00"));
  const args: unknown[] = [time(range.from), time(range.to)];
  let where = `"matchedAt" >= ${param(1)} AND "matchedAt" < ${param(2)}`;
  if (c.automationId) {
    args.push(c.automationId);
    where += ` AND "automationId" = ${param(args.length)}`;
  }
  if (c.trigger) {
    args.push(c.trigger);
    where += ` AND "trigger" = ${param(args.length)}`;
  }
  return { sql: `SELECT ${select} FROM "Outcome" WHERE ${where}`, args };
}

async function median(times: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

interface OutcomesFigures {
  name: string;
  rows: number;
  reportMs: number;
  floorMs: number;
}

/** Each case's report and floor: one warm-up, then the median of SAMPLES runs. */
async function measureOutcomes(database: TestDatabase, now: Date): Promise<OutcomesFigures[]> {
  const figures: OutcomesFigures[] = [];
  for (const c of cases(now)) {
    // The floor counts over the range the report itself resolved (its default ends with today).
    const report = await queryOutcomes(database.db, c.filters, now);
    const floor = overRows(database, c, report, "COUNT(*) AS n");
    const counted = await database.db.$queryRawUnsafe<Array<{ n: number | bigint }>>(floor.sql, ...floor.args);
    const reportMs = await median(SAMPLES, () => queryOutcomes(database.db, c.filters, now));
    const floorMs = await median(SAMPLES, () => database.db.$queryRawUnsafe(floor.sql, ...floor.args));
    const rows = Number(counted[0]?.n ?? 0);
    const reported = report.automations.reduce((sum, a) => sum + a.runs + (a.holdout?.matched ?? 0), 0);
    if (reported !== rows) throw new Error(`${c.name}: the report counted ${reported} matches, the floor ${rows}`);
    figures.push({ name: c.name, rows, reportMs, floorMs });
  }
  return figures;
}

/** The plans of the report's two GROUP BYs over the whole year, as Prisma writes them. */
async function outcomesPlans(database: TestDatabase, now: Date): Promise<string> {
  const year = cases(now)[1]!;
  const range = { from: new Date(now.getTime() - YEAR_MS).toISOString(), to: now.toISOString() };
  const groups = overRows(
    database,
    year,
    range,
    `COUNT(*), SUM("recoveredAmount"), "automationId", "heldOut", "status", "matchedWeek", "recoveredCurrency"`,
  );
  const histogram = overRows(database, year, range, `COUNT(*), "automationId", "hoursToRecover"`);
  const recovered = ` AND "status" = 'recovered' AND "heldOut" = ${database.provider === "postgresql" ? "FALSE" : "0"}`;
  const prefix = database.provider === "postgresql" ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
  const plan = async (sql: string, args: unknown[]) => {
    const rows = await database.db.$queryRawUnsafe<Array<Record<string, unknown>>>(prefix + sql, ...args);
    return rows.map((row) => String(row["QUERY PLAN"] ?? row.detail ?? JSON.stringify(row))).join("\n");
  };
  const counts = await plan(
    `${groups.sql} GROUP BY "automationId", "heldOut", "status", "matchedWeek", "recoveredCurrency"`,
    groups.args,
  );
  const hours = await plan(`${histogram.sql}${recovered} GROUP BY "automationId", "hoursToRecover"`, histogram.args);
  return `Counts and sums by automation, arm, status, week and currency:\n\n\`\`\`\n${counts}\n\`\`\`\n\nHours-to-recover histogram:\n\n\`\`\`\n${hours}\n\`\`\`\n\n`;
}

const LABEL: Record<DatabaseProvider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };
const STATISTICS: Record<DatabaseProvider, string> = {
  sqlite: "No ANALYZE (the app runs none), so the planner has no statistics.",
  postgresql: "After VACUUM ANALYZE, as autovacuum leaves a table.",
};

export async function benchOutcomes(options: { quick: boolean }): Promise<{ sections: BenchSection[]; plans: string }> {
  const count = options.quick ? 50_000 : 1_000_000;
  const size = count.toLocaleString("en-US");
  // A fixed moment, so the ranges cover the same rows in every run.
  const now = new Date("2026-12-01T12:00:00.000Z");
  const sections: BenchSection[] = [];
  let plans = "";
  for (const provider of ["sqlite", "postgresql"] as DatabaseProvider[]) {
    const database = await createTestDatabase(provider);
    try {
      const started = performance.now();
      await loadOutcomes(database, count, now);
      console.log(`outcomes ${provider}: ${size} rows in ${round((performance.now() - started) / 1000)} s`);
      const figures = await measureOutcomes(database, now);
      const slowest = figures.reduce((a, b) => (b.reportMs > a.reportMs ? b : a));
      sections.push({
        title: `Outcomes at ${size} runs: ${LABEL[provider]}`,
        description: `\`queryOutcomes\` (the outcomes page and \`GET /api/outcomes\`) over ${size} Outcome rows matched across 365 days: 8 automations on the 5 triggers, 3 holding 10 % out; invoice runs 55 % recovered, 15 % written off, 5 % voided, 5 % canceled, 15 % open, 5 % paid late. ${STATISTICS[provider]} One warm-up, then the median of ${SAMPLES} runs, in ms, on ${os.cpus().length} cores. Floor: \`SELECT COUNT(*)\` of the same rows with the same filters. Target: interactive (under ${INTERACTIVE_MS / 1000} s).`,
        columns: ["report", "rows in range", "queryOutcomes ms", "floor ms", "× floor"],
        rows: figures.map((figure) => [
          figure.name,
          figure.rows.toLocaleString("en-US"),
          round(figure.reportMs, 1),
          round(figure.floorMs, 1),
          round(figure.reportMs / figure.floorMs, 1),
        ]),
        notes: [
          slowest.reportMs <= INTERACTIVE_MS
            ? `Interactive: every report within ${INTERACTIVE_MS / 1000} s, the slowest (${slowest.name}) in ${round(slowest.reportMs, 0)} ms.`
            : `Not interactive: ${slowest.name} took ${round(slowest.reportMs / 1000, 2)} s.`,
        ],
      });
      plans += `### ${provider}, ${size} outcomes, the whole year\n\n${await outcomesPlans(database, now)}`;
    } finally {
      await database.drop();
    }
  }
  return { sections, plans };
}
