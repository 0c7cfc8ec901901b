// One worker process for the scheduler benchmark: the real worker (node-cron tick every second)
// against DATABASE_URL and the Stripe-compatible server at STRIPE_API_BASE, until SIGTERM.
import { getConfig } from "../lib/config";
import { getDatabase, prepareConnection } from "../lib/db/client";
import { createEngine } from "../lib/engine/engine";
import { createLogger } from "../lib/log/logger";
import { startWorker } from "../jobs/worker";

const database = getDatabase();
await prepareConnection(database);
const config = getConfig();
// Its figures are what the benchmark prints; a line per tick would only slow the drain it measures.
const engine = createEngine({ database, config, log: createLogger({ config, level: "warn" }) });
const worker = startWorker(engine);
void worker.tickNow();
process.send?.("ready");
process.once("SIGTERM", () => {
  void worker.stop().then(async () => {
    await database.db.$disconnect();
    process.exit(0);
  });
});
