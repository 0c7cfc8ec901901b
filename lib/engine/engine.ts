import os from "node:os";
import { randomUUID } from "node:crypto";
import { getConfig, type Config } from "@/lib/config";
import { getDatabase, type Database, type Db } from "@/lib/db/client";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { createStripeGateway, type StripeGateway } from "@/lib/stripe/gateway";

/**
 * Everything the domain needs from the outside world, passed explicitly so tests can build one
 * with their own database, Stripe server, SMTP server and clock.
 */
export interface Engine {
  db: Db;
  provider: DatabaseProvider;
  config: Config;
  gateway: StripeGateway;
  /** The current time; tests inject a clock. UTC inside, always. */
  now(): Date;
  /** Names this process in step leases ("which worker holds it"). */
  workerId: string;
}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function createEngine(
  options: {
    database?: Database;
    config?: Config;
    gateway?: StripeGateway;
    now?: () => Date;
    workerId?: string;
  } = {},
): Engine {
  const database = options.database ?? getDatabase();
  const config = options.config ?? getConfig();
  return {
    db: database.db,
    provider: database.provider,
    config,
    gateway: options.gateway ?? createStripeGateway(config),
    now: options.now ?? (() => new Date()),
    workerId: options.workerId ?? newWorkerId(),
  };
}

const globalForEngine = globalThis as { billingAutomationsEngine?: Engine };

/** The process-wide engine (the web server's routes and the in-process worker share it). */
export function getEngine(): Engine {
  globalForEngine.billingAutomationsEngine ??= createEngine();
  return globalForEngine.billingAutomationsEngine;
}

/** Tests hand their own engine (database, Stripe server, clock) to the routes. */
export function setEngineForTests(engine: Engine | undefined): void {
  globalForEngine.billingAutomationsEngine = engine;
}
