import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseTarget } from "./database-url";

/** The driver adapter factory for a target, shared by the app's client and the migrator. */
export function createAdapterFactory(target: DatabaseTarget) {
  if (target.provider === "postgresql") {
    return new PrismaPg({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  const filePath = target.filePath!;
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  // `timeout` is SQLite's busy timeout: the web server and the workers share the file and
  // must wait for each other's short write transactions instead of failing with SQLITE_BUSY.
  return new PrismaBetterSqlite3({ url: filePath, timeout: 15_000 });
}
