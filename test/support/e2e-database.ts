// npx tsx test/support/e2e-database.ts — a fresh, empty database at DATABASE_URL for a browser-test
// server: the PostgreSQL database dropped and made again, or the SQLite file removed. `npm start`
// then migrates it, as it would a new install.
import fs from "node:fs";
import pg from "pg";
import { resolveDatabaseTarget } from "../../lib/db/database-url";

const target = resolveDatabaseTarget();
if (target.provider === "sqlite") {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${target.filePath}${suffix}`, { force: true });
} else {
  const url = new URL(target.url);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`e2e-database: "${name}" is not a name this script makes`);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}
