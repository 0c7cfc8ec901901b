import { keepsMailInOutbox } from "@/lib/config";
import { getDatabase, prepareConnection } from "@/lib/db/client";
import { getEngine, type Engine } from "@/lib/engine/engine";
import { logUnrunnableAutomations } from "@/lib/automations/check-runnable";
import { seedRecipesIfEmpty } from "@/lib/automations/seed-recipes";
import { seedDemoHistory } from "@/lib/samples/demo-history";
import { startWorker, type Worker } from "./worker";

const globalForWorker = globalThis as { billingAutomationsWorker?: Worker };

/**
 * Called once when the Next.js server starts (instrumentation.ts): prepares the database, seeds
 * the example automations and their demo history in development, and runs the worker in this
 * process unless RUN_WORKER=false.
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
  if (keepsMailInOutbox(config.smtpUrl)) {
    // Expected in development (.env.development sets it); on a production server, worth a second look.
    log[process.env.NODE_ENV === "production" ? "warn" : "info"](
      { smtp: "outbox" },
      "SMTP_URL=outbox: no email leaves this server; each is kept on the Outbox page (/outbox)",
    );
  }
  if (process.env.NODE_ENV === "development") {
    const { seeded, paused } = await seedRecipesIfEmpty(engine);
    if (seeded) log.info({ seeded }, `seeded ${seeded} example automations (Stripe's recipes)`);
    for (const recipe of paused) {
      log.warn(
        { automation: recipe.name, reasons: recipe.reasons },
        `seeded "${recipe.name}" paused: ${recipe.reasons.join("; ")}`,
      );
    }
    if (seeded && wantsDemoHistory(engine)) {
      // The pages answer meanwhile; the worker starts once the history is in (see below).
      log.info("seeding demo history in the background (under a minute); the worker starts when it is done");
      void seedDemoHistoryLogged(engine).then(() => startWorkerUnlessOff(engine));
      return;
    }
  }
  await startWorkerUnlessOff(engine);
}

async function startWorkerUnlessOff(engine: Engine): Promise<void> {
  await logUnrunnableAutomations(engine);
  if (!engine.config.runWorker) {
    engine.log.info("RUN_WORKER=false: no worker in this process");
    return;
  }
  globalForWorker.billingAutomationsWorker ??= startWorker(engine);
}

/**
 * A few months of history on the new database, so the Outcomes page and the runs show something
 * before the first real event. Never with a Stripe key, whose account's own events would mix with
 * made-up ones; SEED_DEMO_HISTORY=false leaves it out.
 */
function wantsDemoHistory(engine: Engine): boolean {
  if (process.env.SEED_DEMO_HISTORY === "false") return false;
  if (engine.gateway.mode !== "dry-run") {
    engine.log.info("no demo history: STRIPE_SECRET_KEY is set, so the history comes from the Stripe account");
    return false;
  }
  return true;
}

/**
 * Before the worker starts: the history's steps are executed at their own virtual times, and a
 * worker running meanwhile would take the past ones up now.
 */
async function seedDemoHistoryLogged(engine: Engine): Promise<void> {
  const started = Date.now();
  try {
    const history = await seedDemoHistory(engine, { now: engine.now() });
    if (history.skipped) return;
    engine.log.info(
      { ...history, ms: Date.now() - started },
      `seeded demo history: ${history.events} events, ${history.runs} runs over ${history.months} months`,
    );
  } catch (error) {
    // The product runs without it: a demo is no reason to stop.
    engine.log.error({ err: error }, "demo history not seeded");
  }
}
