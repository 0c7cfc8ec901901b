import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { createAdapterFactory } from "./adapter";
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
}

export function createDatabase(target: DatabaseTarget = resolveDatabaseTarget()): Database {
  const adapter = createAdapterFactory(target);
  const db =
    target.provider === "postgresql"
      ? (new PostgresClient({ adapter }) as unknown as Db)
      : new SqliteClient({ adapter });
  return { db, provider: target.provider, target };
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
