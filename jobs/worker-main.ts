// npm run worker — a worker alone (for scale-out next to web instances started with RUN_WORKER=false).
import nextEnv from "@next/env";
import { getConfig, redact } from "@/lib/config";
import { getDatabase, prepareConnection } from "@/lib/db/client";
import { createEngine } from "@/lib/engine/engine";
import { startWorker } from "./worker";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
const config = getConfig();
const database = getDatabase();
await prepareConnection(database);
const engine = createEngine({ database, config });
console.log(
  `[worker] ${database.provider}, Stripe ${engine.gateway.mode}`,
  JSON.stringify({ cron: redact(config).schedulerCron }),
);
const worker = startWorker(engine);
void worker.tickNow();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void worker
      .stop()
      .then(() => database.db.$disconnect())
      .finally(() => process.exit(0));
  });
}
