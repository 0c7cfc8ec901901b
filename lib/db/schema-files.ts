import fs from "node:fs";
import path from "node:path";
import type { DatabaseProvider } from "./database-url";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const MODELS_FILE = path.join(PROJECT_ROOT, "prisma/models.prisma");
export const PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql"];

export function migrationsDir(provider: DatabaseProvider): string {
  return path.join(PROJECT_ROOT, "prisma/migrations", provider);
}

function generatedClientDir(provider: DatabaseProvider): string {
  return path.join(PROJECT_ROOT, "lib/db/generated", provider);
}

/**
 * The complete Prisma schema for one database: the shared models (prisma/models.prisma) behind a
 * generator and datasource block. Nothing per database is kept by hand.
 */
export function composeSchema(
  provider: DatabaseProvider,
  schemaPath: string,
  models = fs.readFileSync(MODELS_FILE, "utf8"),
): string {
  const output = path.relative(path.dirname(schemaPath), generatedClientDir(provider)).split(path.sep).join("/");
  const header = [
    "// Generated from prisma/models.prisma by lib/db/schema-files.ts — edit the models there.",
    "generator client {",
    '  provider     = "prisma-client"',
    `  output       = "${output}"`,
    '  moduleFormat = "esm"',
    '  runtime      = "nodejs"',
    "}",
    "",
    "datasource db {",
    `  provider = "${provider}"`,
    "}",
    "",
  ].join("\n");
  return header + models;
}
