import fs from "node:fs";
import type { DatabaseTarget } from "./database-url";
import { migrationsDir } from "./schema-files";
import { NO_FILTERS, openSchemaEngine, readMigrationList } from "./schema-engine";

export interface MigrateResult {
  applied: string[];
}

/**
 * Applies the pending migrations of prisma/migrations/<provider> and records them in Prisma's
 * `_prisma_migrations` table. Safe to run on every start and from several processes: the engine
 * takes an advisory lock on PostgreSQL, and SQLite serialises writers.
 */
export async function applyMigrations(target: DatabaseTarget): Promise<MigrateResult> {
  if (!fs.existsSync(migrationsDir(target.provider))) {
    throw new Error(`no migrations for ${target.provider} in ${migrationsDir(target.provider)}`);
  }
  const { engine, close } = await openSchemaEngine(target);
  try {
    const output = await engine.applyMigrations({
      migrationsList: readMigrationList(target.provider),
      filters: NO_FILTERS,
    });
    return { applied: output.appliedMigrationNames };
  } finally {
    await close();
  }
}
