// npm run db:generate (also postinstall) — generate the Prisma client for each database from prisma/models.prisma.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { composeSchema, PROJECT_ROOT, PROVIDERS } from "../lib/db/schema-files";

// `prisma generate` never runs the native schema engine, but the CLI checks that a binary exists
// and would try to download one from a host these machines cannot reach; any existing file will do.
const placeholderEngine = path.join(os.tmpdir(), "billing-automations-no-schema-engine");
if (!fs.existsSync(placeholderEngine)) fs.writeFileSync(placeholderEngine, "");

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "ba-schema-"));
try {
  for (const provider of PROVIDERS) {
    const schemaPath = path.join(workDir, provider, "schema.prisma");
    fs.mkdirSync(path.dirname(schemaPath), { recursive: true });
    fs.writeFileSync(schemaPath, composeSchema(provider, schemaPath));
    execFileSync(path.join(PROJECT_ROOT, "node_modules/.bin/prisma"), ["generate", "--schema", schemaPath], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholderEngine,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
    console.log(`db:generate: ${provider} client generated`);
  }
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}
