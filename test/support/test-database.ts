import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, prepareConnection, type Database } from "../../lib/db/client";
import { resolveDatabaseTarget, type DatabaseProvider } from "../../lib/db/database-url";
import { applyMigrations } from "../../lib/db/migrate";

/** The PostgreSQL server the integration suite uses (trust auth on these machines). */
const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function testProvider(): DatabaseProvider {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

export interface TestDatabase extends Database {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, migrated with the project's own migrations: a SQLite file in
 * a temporary folder, or a uniquely named PostgreSQL database dropped afterwards.
 */
export async function createTestDatabase(provider: DatabaseProvider = testProvider()): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString("hex");
  let url: string;
  let cleanup: () => Promise<void>;
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ba-test-"));
    url = `file:${path.join(dir, "test.db")}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `ba_test_${suffix}`;
    await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
    const admin = new URL(POSTGRES_ADMIN_URL);
    admin.pathname = `/${name}`;
    url = admin.toString();
    cleanup = () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  }
  const target = resolveDatabaseTarget(url);
  await applyMigrations(target);
  const database = createDatabase(target);
  await prepareConnection(database);
  return {
    ...database,
    url,
    async drop() {
      await database.db.$disconnect();
      await cleanup();
    },
  };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
