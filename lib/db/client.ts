import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { createAdapterFactory, createPgPool } from "./adapter";
import { pgDirectSql, prismaDirectSql, type DirectSql } from "./direct-sql";
import { resolveDatabaseTarget, type DatabaseProvider, type DatabaseTarget } from "./database-url";

/**
 * The app speaks to one client type. Both generated clients come from the same models file
 * (prisma/models.prisma), so their model APIs are the same; the SQLite one's types stand for both.
 */
export type Db = SqliteClient;
export type { Prisma } from "./generated/sqlite/client";
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface Database {
  db: Db;
  provider: DatabaseProvider;
  target: DatabaseTarget;
  /** The worker's hot statements: on PostgreSQL straight to the pool Prisma shares, else through Prisma. */
  sql: DirectSql;
}

export function createDatabase(target: DatabaseTarget = resolveDatabaseTarget()): Database {
  if (target.provider === "postgresql") {
    const pool = createPgPool(target);
    const db = new PostgresClient({ adapter: createAdapterFactory(target, pool) }) as unknown as Db;
    return { db, provider: target.provider, target, sql: pgDirectSql(pool) };
  }
  const db = new SqliteClient({ adapter: createAdapterFactory(target) });
  return { db, provider: target.provider, target, sql: prismaDirectSql(db) };
}

const globalForDb = globalThis as { billingAutomationsDb?: Database };

/** The process-wide database (one pool; reused across Next.js dev reloads). */
export function getDatabase(): Database {
  globalForDb.billingAutomationsDb ??= createDatabase();
  return globalForDb.billingAutomationsDb;
}

export async function prepareConnection(database: Database): Promise<void> {
  if (database.provider === "sqlite") {
    // WAL lets the web server read while a worker writes; the mode is stored in the file.
    await database.db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await database.db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  }
}
