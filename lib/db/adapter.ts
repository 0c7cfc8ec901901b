import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseTarget } from "./database-url";

/** The PostgreSQL connections of a process: Prisma's adapter and the direct statements (lib/db/direct-sql.ts) share them. */
export function createPgPool(target: DatabaseTarget): pg.Pool {
  return new pg.Pool({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
}

/**
 * The driver adapter factory for a target, shared by the app's client and the migrator. Given a
 * pool, the adapter uses it, and closes it when the client disconnects.
 */
export function createAdapterFactory(target: DatabaseTarget, pool?: pg.Pool) {
  if (target.provider === "postgresql") {
    return new PrismaPg(pool ?? createPgPool(target), { disposeExternalPool: true });
  }
  const filePath = target.filePath!;
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  // `timeout` is SQLite's busy timeout: the web server and the workers share the file and
  // must wait for each other's short write transactions instead of failing with SQLITE_BUSY.
  return new PrismaBetterSqlite3({ url: filePath, timeout: 15_000 });
}
