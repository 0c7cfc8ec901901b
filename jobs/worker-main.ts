// npm run worker — a worker alone (for scale-out next to web instances started with RUN_WORKER=false).
import nextEnv from "@next/env";
import { getConfig } from "@/lib/config";
import { getDatabase, prepareConnection } from "@/lib/db/client";
import { createEngine } from "@/lib/engine/engine";
import { logUnrunnableAutomations } from "@/lib/automations/check-runnable";
import { serveWorkerMetrics } from "./metrics-server";
import { startWorker } from "./worker";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
const config = getConfig();
const database = getDatabase();
await prepareConnection(database);
const engine = createEngine({ database, config });
engine.log.info(
  { database: database.provider, stripe: engine.gateway.mode },
  `worker process: ${database.provider} database, Stripe ${engine.gateway.mode}`,
);
await logUnrunnableAutomations(engine);
const worker = startWorker(engine);
void worker.tickNow();
const metrics = serveWorkerMetrics(engine);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void worker
      .stop()
      .then(() => metrics?.close())
      .then(() => database.db.$disconnect())
      .finally(() => process.exit(0));
  });
}
