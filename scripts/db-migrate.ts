// npm run db:migrate — apply pending migrations to DATABASE_URL (default: the SQLite file under data/). No network needed.
import nextEnv from "@next/env";
import { createDatabase } from "../lib/db/client";
import { resolveDatabaseTarget } from "../lib/db/database-url";
import { applyMigrations } from "../lib/db/migrate";
import { backfillOutcomes } from "../lib/events/backfill-outcomes";
import { lastEnginePanic } from "../lib/db/schema-engine";

// The same .env files Next.js reads, so DATABASE_URL means the same database to both.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");

try {
  const target = resolveDatabaseTarget();
  const where = target.provider === "sqlite" ? target.filePath : target.url.replace(/\/\/[^@/]*@/, "//***@");
  const { applied } = await applyMigrations(target);
  console.log(
    applied.length
      ? `db:migrate: applied ${applied.join(", ")} to ${target.provider} (${where})`
      : `db:migrate: ${target.provider} database is up to date (${where})`,
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const panic = lastEnginePanic();
  console.error(
    `db:migrate: the database could not be migrated, so the product will not start.\n  ${message}${panic ? `\n  ${panic}` : ""}\n` +
      "  Check DATABASE_URL (file:./data/… for SQLite, postgresql://user@host:5432/db for PostgreSQL) and that the database is reachable.",
  );
  process.exit(1);
}

// Derived data: if it cannot be written now, the product starts without it and the next start tries again.
try {
  const database = createDatabase(resolveDatabaseTarget());
  const outcomes = await backfillOutcomes(database.db);
  await database.db.$disconnect();
  if (outcomes)
    console.log(`db:migrate: recorded the outcomes of ${outcomes} run(s) started before outcomes were kept`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.warn(
    `db:migrate: the outcomes of earlier runs could not be recorded (${message}); the next start tries again`,
  );
}
