import { getDatabase, prepareConnection } from "@/lib/db/client";
import { getEngine } from "@/lib/engine/engine";
import { logUnrunnableAutomations } from "@/lib/automations/check-runnable";
import { seedRecipesIfEmpty } from "@/lib/automations/seed-recipes";
import { startWorker, type Worker } from "./worker";

const globalForWorker = globalThis as { billingAutomationsWorker?: Worker };

/**
 * Called once when the Next.js server starts (instrumentation.ts): prepares the database, seeds
 * the example automations in development, and runs the worker in this process unless RUN_WORKER=false.
 */
export async function startServerProcess(): Promise<void> {
  const database = getDatabase();
  await prepareConnection(database);
  const engine = getEngine();
  const config = engine.config;
  const log = engine.log;
  log.info(
    {
      database: database.provider,
      stripe: engine.gateway.mode,
      stripeApiBase: config.stripeApiBase?.url,
      apiToken: config.adminApiToken ? "set" : "not set",
    },
    `server started: ${database.provider} database, Stripe ${engine.gateway.mode}${
      config.stripeApiBase ? ` via ${config.stripeApiBase.url}` : ""
    }${config.adminApiToken ? "" : "; ADMIN_API_TOKEN is not set, so the API answers 401"}`,
  );
  if (process.env.NODE_ENV === "development") {
    const { seeded, paused } = await seedRecipesIfEmpty(engine);
    if (seeded) log.info({ seeded }, `seeded ${seeded} example automations (Stripe's recipes)`);
    for (const recipe of paused) {
      log.warn(
        { automation: recipe.name, reasons: recipe.reasons },
        `seeded "${recipe.name}" paused: ${recipe.reasons.join("; ")}`,
      );
    }
  }
  await logUnrunnableAutomations(engine);
  if (!config.runWorker) {
    log.info("RUN_WORKER=false: no worker in this process");
    return;
  }
  globalForWorker.billingAutomationsWorker ??= startWorker(engine);
}
