import os from "node:os";
import { randomUUID } from "node:crypto";
import { getConfig, type Config } from "@/lib/config";
import { getDatabase, type Database, type Db } from "@/lib/db/client";
import type { DatabaseProvider } from "@/lib/db/database-url";
import type { DirectSql } from "@/lib/db/direct-sql";
import { createLogger, getLogger, type Logger } from "@/lib/log/logger";
import { createStripeGateway, type StripeGateway } from "@/lib/stripe/gateway";
import { createWorkSignal, type WorkSignal } from "@/lib/jobs/work-signal";
import type { RateLimiter } from "@/lib/stripe/rate-limiter";
import { createSharedRateLimiter } from "@/lib/stripe/shared-rate-limiter";
import { observeRateLimitWait } from "@/lib/metrics/metrics";

/**
 * Everything the domain needs from the outside world, passed explicitly so tests can build one
 * with their own database, Stripe server, SMTP server and clock.
 */
export interface Engine {
  db: Db;
  /** The same database, for the worker's hot statements (lib/db/direct-sql.ts). */
  sql: DirectSql;
  provider: DatabaseProvider;
  config: Config;
  gateway: StripeGateway;
  /** The current time; tests inject a clock. UTC inside, always. */
  now(): Date;
  /** Names this process in step leases ("which worker holds it"). */
  workerId: string;
  /** Structured, secrets masked; tests pass one that keeps the lines. */
  log: Logger;
  /** Tells the workers that work is waiting now (lib/jobs/work-signal.ts). */
  signal: WorkSignal;
}

// One of each per database: the engines of one process on one database share its LISTEN
// connection and its place on Stripe's shared rate-limit timeline.
const signals = new WeakMap<Database, WorkSignal>();
const limiters = new WeakMap<Database, Map<number, RateLimiter>>();

function signalFor(database: Database, log: Logger): WorkSignal {
  let signal = signals.get(database);
  if (!signal) {
    signal = createWorkSignal({ db: database.db, target: database.target, log });
    signals.set(database, signal);
  }
  return signal;
}

function stripeLimiterFor(database: Database, ratePerSecond: number, log: Logger): RateLimiter {
  let byRate = limiters.get(database);
  if (!byRate) limiters.set(database, (byRate = new Map()));
  let limiter = byRate.get(ratePerSecond);
  if (!limiter) {
    limiter = createSharedRateLimiter({
      db: database.db,
      provider: database.provider,
      ratePerSecond,
      log,
      onWait: observeRateLimitWait,
    });
    byRate.set(ratePerSecond, limiter);
  }
  return limiter;
}

function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function createEngine(
  options: {
    database?: Database;
    config?: Config;
    gateway?: StripeGateway;
    now?: () => Date;
    workerId?: string;
    log?: Logger;
  } = {},
): Engine {
  const database = options.database ?? getDatabase();
  const config = options.config ?? getConfig();
  const workerId = options.workerId ?? newWorkerId();
  // A config of its own (tests, benchmarks) masks its own secrets; the process's logger masks the environment's.
  const log = options.log ?? (options.config ? createLogger({ config }) : getLogger());
  return {
    db: database.db,
    sql: database.sql,
    provider: database.provider,
    config,
    gateway:
      options.gateway ??
      createStripeGateway(config, { limiter: stripeLimiterFor(database, config.stripeMaxRequestsPerSecond, log) }),
    now: options.now ?? (() => new Date()),
    workerId,
    log,
    signal: signalFor(database, log),
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
