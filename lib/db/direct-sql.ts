// The worker's hot statements — the claim, a step's load and its completion — sent straight to
// the driver on PostgreSQL, through the same pg pool Prisma's adapter uses. A statement through
// Prisma's client costs four to ten times its CPU there (BENCHMARKS.md: 0.31 ms for a raw UPDATE
// by id against 0.07 ms through pg), and a step makes about ten. The SQL is written once, as
// Prisma.sql templates, and runs through Prisma's raw queries on SQLite, whose driver is in-process
// and synchronous: a second connection there would wait on the first one inside the event loop.
// (A whole row read raw on SQLite keeps JSON as text and booleans as numbers: read a JSON column
// through rawJson (lib/db/json.ts), and a whole row through Prisma's model API there.)
import pg from "pg";
import type { Db, Tx } from "./client";
import { Prisma } from "./generated/sqlite/client";

/** One way to run the hot statements: inside a transaction, or on their own. */
export interface SqlRunner {
  /** Rows as the schema names their columns: timestamps as Dates, JSON parsed. */
  query<T>(statement: Prisma.Sql): Promise<T[]>;
  /** The number of rows changed. */
  execute(statement: Prisma.Sql): Promise<number>;
}

export interface DirectSql extends SqlRunner {
  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  transaction<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Writes that stand or fall together, in one round trip where the database allows it: on
   * PostgreSQL one statement, each write but the last a data-modifying CTE of it (they see the same
   * snapshot, so none may read what another writes); elsewhere one transaction.
   */
  writeTogether(statements: Prisma.Sql[]): Promise<void>;
  /**
   * Claims that take the first few rows in an index's order, read in that order whatever the
   * table's statistics say. A table filled faster than autovacuum analyzes it (a burst of due steps
   * or events) has none, and PostgreSQL's planner then fetches every matching row and sorts them to
   * keep the first few: 218 ms a claim at 30,000 due steps, against 1 ms read off the index. So on
   * PostgreSQL `work` runs in one transaction with sorting off (one more round trip, whatever its
   * statements); SQLite's planner reads the index for ORDER BY … LIMIT as is.
   */
  claimInIndexOrder<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
}

/** Through Prisma's client or one of its transactions (SQLite; and anywhere a Prisma transaction is already open). */
export function prismaRunner(tx: Tx): SqlRunner {
  return {
    query: <T>(statement: Prisma.Sql) => tx.$queryRaw<T[]>(statement),
    execute: (statement) => tx.$executeRaw(statement),
  };
}

// Prisma keeps DateTime as TIMESTAMP(3) without a time zone, in UTC. pg reads such a value as local
// time and writes a Date with the machine's offset, which PostgreSQL then ignores: both are made
// UTC here, whatever the server's time zone.
const TIMESTAMP_OID = 1114;
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function toDriver(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

function pgRunner(client: pg.Pool | pg.PoolClient): SqlRunner {
  const send = (statement: Prisma.Sql) =>
    client.query({ text: statement.text, values: statement.values.map(toDriver), types: TYPES });
  return {
    async query<T>(statement: Prisma.Sql) {
      return (await send(statement)).rows as T[];
    },
    async execute(statement) {
      return (await send(statement)).rowCount ?? 0;
    },
  };
}

export function pgDirectSql(pool: pg.Pool): DirectSql {
  const runner = pgRunner(pool);
  return {
    ...runner,
    async writeTogether(statements) {
      const last = statements.at(-1);
      if (!last) return;
      const ctes = statements
        .slice(0, -1)
        .map((statement, i) => Prisma.sql`${Prisma.raw(`"w${i}"`)} AS (${statement})`);
      await runner.execute(ctes.length ? Prisma.sql`WITH ${Prisma.join(ctes)} ${last}` : last);
    },
    // Two statements in one simple query (no parameters): one round trip.
    claimInIndexOrder: (work) =>
      inTransaction(pool, "BEGIN; SET LOCAL enable_sort = off", (client) => work(pgRunner(client))),
    transaction: (work) => inTransaction(pool, "BEGIN", (client) => work(pgRunner(client))),
  };
}

/** `work` on one connection between `begin` and COMMIT, rolled back if it throws. */
async function inTransaction<T>(pool: pg.Pool, begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection whose ROLLBACK failed is in no known state: closed instead of reused.
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The same through Prisma (SQLite): its interactive transaction for `transaction`. */
export function prismaDirectSql(db: Db): DirectSql {
  return {
    ...prismaRunner(db),
    transaction: (work) => db.$transaction((tx) => work(prismaRunner(tx))),
    claimInIndexOrder: (work) => work(prismaRunner(db)),
    async writeTogether(statements) {
      // A batch transaction: no interactive transaction's round trips through Prisma's engine.
      await db.$transaction(statements.map((statement) => db.$executeRaw(statement)));
    },
  };
}
