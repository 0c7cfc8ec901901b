// The hot path's inserts (a webhook's event; a run, its steps, its outcome and its trace), written
// as raw SQL. Prisma's model API costs two to three times a raw statement's CPU for such a row: it
// walks every JSON value to build its query (a few kilobytes for an event), then reads the row back.
// At a burst of deliveries that was most of the product's CPU (BENCHMARKS.md). Both databases take
// the same statement; only a JSON or boolean value is written differently, as Prisma itself stores it.
import { randomBytes } from "node:crypto";
import { Prisma } from "./generated/sqlite/client";
import type { Db, Tx } from "./client";
import type { DatabaseProvider } from "./database-url";

const JSON_CELL = Symbol("json");
interface JsonCell {
  [JSON_CELL]: unknown;
}
type Cell = string | number | boolean | Date | null | JsonCell;
export type Row = Record<string, Cell>;

/** A value for a JSON column. */
export function json(value: unknown): JsonCell {
  return { [JSON_CELL]: value };
}

/**
 * An id like the ones Prisma's `@default(cuid())` gives (a "c", then 24 lowercase letters and
 * digits), for rows inserted here: time first, so ids still sort roughly by creation.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0").slice(-9);
  const random = [...randomBytes(15)].map((byte) => (byte % 36).toString(36)).join("");
  return `c${time}${random}`;
}

/** Rows for one table, every row with the same columns, named as in the schema. */
export interface TableRows {
  table: string;
  rows: Row[];
}

/**
 * Inserts rows into a table in one statement. Prisma's client-side defaults are the caller's to
 * give: ids (newId), createdAt and updatedAt. `ifAbsent` skips a row whose unique key is taken
 * instead of failing. Returns the number of rows inserted.
 */
export async function insertRows(
  db: Tx,
  provider: DatabaseProvider,
  insert: TableRows,
  options: { ifAbsent?: boolean } = {},
): Promise<number> {
  if (insert.rows.length === 0) return 0;
  return db.$executeRaw`${insertStatement(provider, insert)}
    ${options.ifAbsent ? Prisma.sql`ON CONFLICT DO NOTHING` : Prisma.empty}`;
}

/**
 * Inserts into several tables at once, all or nothing, in the order given (a row may refer to one
 * before it). On PostgreSQL one statement does it (each insert a data-modifying CTE, the foreign
 * keys checked at its end), which saves the transaction's round trips; on SQLite, in-process, a
 * transaction of one statement per table.
 */
export async function insertTogether(db: Db, provider: DatabaseProvider, inserts: TableRows[]): Promise<void> {
  const nonEmpty = inserts.filter((insert) => insert.rows.length > 0);
  if (nonEmpty.length === 0) return;
  if (provider === "sqlite") {
    await db.$transaction(async (tx) => {
      for (const insert of nonEmpty) await insertRows(tx, provider, insert);
    });
    return;
  }
  const last = nonEmpty[nonEmpty.length - 1]!;
  const before = nonEmpty
    .slice(0, -1)
    .map((insert, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${insertStatement(provider, insert)})`);
  await db.$executeRaw`${before.length ? Prisma.sql`WITH ${Prisma.join(before)}` : Prisma.empty}
    ${insertStatement(provider, last)}`;
}

function insertStatement(provider: DatabaseProvider, { table, rows }: TableRows): Prisma.Sql {
  const columns = Object.keys(rows[0]!);
  const values = rows.map(
    (row) => Prisma.sql`(${Prisma.join(columns.map((column) => cellValue(provider, row[column] ?? null)))})`,
  );
  return Prisma.sql`INSERT INTO ${identifier(table)} (${Prisma.join(columns.map(identifier))}) VALUES ${Prisma.join(values)}`;
}

function identifier(name: string): Prisma.Sql {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a table or column name: ${name}`);
  return Prisma.raw(`"${name}"`);
}

function cellValue(provider: DatabaseProvider, cell: Cell): Prisma.Sql {
  if (typeof cell === "boolean") {
    if (provider === "postgresql") return cell ? Prisma.sql`TRUE` : Prisma.sql`FALSE`;
    return cell ? Prisma.sql`1` : Prisma.sql`0`;
  }
  if (cell !== null && typeof cell === "object" && JSON_CELL in cell) {
    const text = JSON.stringify(cell[JSON_CELL]);
    return provider === "postgresql" ? Prisma.sql`${text}::jsonb` : Prisma.sql`${text}`;
  }
  return Prisma.sql`${cell}`;
}
