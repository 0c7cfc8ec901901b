// The hot path's inserts (a webhook's event; a run, its steps, its outcome and its trace), written
// as raw SQL. Prisma's model API costs two to three times a raw statement's CPU for such a row: it
// walks every JSON value to build its query (a few kilobytes for an event), then reads the row back.
// At a burst of deliveries that was most of the product's CPU (BENCHMARKS.md). Both databases take
// the same statement; only a JSON or boolean value is written differently, as Prisma itself stores it.
import { randomBytes } from "node:crypto";
import { Prisma } from "./generated/sqlite/client";
import type { SqlRunner } from "./direct-sql";
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
  sql: SqlRunner,
  provider: DatabaseProvider,
  insert: TableRows,
  options: { ifAbsent?: boolean } = {},
): Promise<number> {
  if (insert.rows.length === 0) return 0;
  return sql.execute(
    Prisma.sql`${insertStatement(provider, insert)} ${options.ifAbsent ? Prisma.sql`ON CONFLICT DO NOTHING` : Prisma.empty}`,
  );
}

export function insertStatement(provider: DatabaseProvider, { table, rows }: TableRows): Prisma.Sql {
  const columns = Object.keys(rows[0]!);
  const values = rows.map(
    (row) => Prisma.sql`(${Prisma.join(columns.map((column) => sqlValue(provider, row[column] ?? null)))})`,
  );
  return Prisma.sql`INSERT INTO ${identifier(table)} (${Prisma.join(columns.map(identifier))}) VALUES ${Prisma.join(values)}`;
}

function identifier(name: string): Prisma.Sql {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a table or column name: ${name}`);
  return Prisma.raw(`"${name}"`);
}

/** A value in a statement, written as Prisma stores it on that database (a boolean, a JSON value). */
export function sqlValue(provider: DatabaseProvider, cell: Cell): Prisma.Sql {
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
