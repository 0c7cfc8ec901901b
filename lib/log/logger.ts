// Structured logs: one JSON line per entry (pino), readable lines in development (pino-pretty), and
// every configured secret masked wherever it appears — in a message, in a field, in an error's
// message or stack (a Stripe error can echo the API key it was given; a URL can carry a password).
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";

import { getConfig, redactText, type Config, type LogLevel } from "@/lib/config";

export type { Logger } from "pino";

/** Field names whose value is a secret whatever it holds: never logged, even when not configured. */
const SECRET_KEYS = ["authorization", "cookie", "password", "secret", "token", "apiKey", "stripe-signature"];

const MAX_DEPTH = 8;

/**
 * A copy of a log argument with every configured secret masked in its strings, and errors turned
 * into plain fields (pino's own error serializer runs after this and would see the secrets).
 */
export function scrub(value: unknown, config: Config, depth = 0): unknown {
  if (typeof value === "string") return redactText(value, config);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) return scrubError(value, config, depth);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => scrub(item, config, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEYS.includes(key) && item !== undefined && item !== null ? "[redacted]" : scrub(item, config, depth + 1);
  }
  return out;
}

function scrubError(error: Error, config: Config, depth: number): Record<string, unknown> {
  const e = error as Error & Record<string, unknown>;
  const fields: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  // What Stripe, SMTP and Node put on their errors that helps find the failure again.
  for (const key of ["code", "statusCode", "requestId", "type", "decline_code", "responseCode", "command"]) {
    if (e[key] !== undefined && (key !== "type" || typeof e[key] === "string")) fields[key] = e[key];
  }
  if (error.cause !== undefined) fields.cause = error.cause;
  return scrub(fields, config, depth + 1) as Record<string, unknown>;
}

export interface CreateLoggerOptions {
  config: Config;
  /** Default: LOG_LEVEL, else info. */
  level?: LogLevel;
  /** Readable lines instead of JSON (default: in development only). */
  pretty?: boolean;
  /** Default: standard output. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
  /** Fields on every line (e.g. the process's role). */
  base?: Record<string, unknown>;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const { config } = options;
  const settings: LoggerOptions = {
    level: options.level ?? config.logLevel,
    base: { pid: process.pid, ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The masking happens before pino formats anything, so no serializer sees a secret.
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => scrub(arg, config)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
    // Errors arrive here already turned into plain, masked fields (scrub): pino's own serializer would
    // only rename their type.
    serializers: { err: (value: unknown) => value },
    formatters: { level: (label) => ({ level: label }) },
  };
  const readable = options.pretty ?? config.logFormat === "pretty";
  if (options.destination) return pino(settings, options.destination);
  if (readable) {
    return pino(
      settings,
      pretty({ colorize: process.stdout.isTTY, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }),
    );
  }
  return pino(settings);
}

const globalForLogger = globalThis as { billingAutomationsLogger?: Logger };

/** The process's logger, built from the environment on first use. */
export function getLogger(): Logger {
  globalForLogger.billingAutomationsLogger ??= createLogger({ config: getConfig() });
  return globalForLogger.billingAutomationsLogger;
}

/** A short text for a log field: an error's message, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
