// The process environment, parsed once. Every other module reads configuration from here,
// never from process.env directly, so a typo in a variable fails at start with its name.
import { validate as isValidCron } from "node-cron";
import { z } from "zod";
import { allowListEntryProblem, parseAllowList, type AllowList } from "@/lib/outbound/allow-list";
import { readSsoConfig, type SsoConfig } from "@/lib/sso/config";

export const DEFAULT_EMAIL_FROM = "Billing Automations <billing-automations@localhost>";
export const DEFAULT_SCHEDULER_CRON = "*/5 * * * * *"; // every 5 seconds
// Stripe allows about 25 requests/s in test mode and about 100 requests/s in live mode;
// the default suits test mode, raise it for a live account.
const DEFAULT_STRIPE_MAX_REQUESTS_PER_SECOND = 25;
const DEFAULT_LEASE_SECONDS = 60;
// Steps wait on Stripe, mail and webhooks, not the CPU: 16 keeps a 100 requests/s allowance busy at
// Stripe's usual 100–200 ms a request, and within the database pool's 10 connections' reach.
const DEFAULT_WORKER_CONCURRENCY = 16;
/** Where `npm run worker` serves /metrics (Prometheus's own exporters sit around 9100–9500). */
const DEFAULT_METRICS_PORT = 9464;
/** Long enough for a slow invoice payment, short enough that a hung call frees the step's lease. */
export const DEFAULT_STRIPE_TIMEOUT_MS = 20_000;
const DEFAULT_PORT = 3000;

/** An environment variable that is set to "" counts as unset (as .env files and CI often leave them). */
const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

function optionalWithDefault<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema);
}

const integerString = (min: number, max: number, fallback: number) =>
  optionalWithDefault(
    z
      .string()
      .regex(/^\d+$/, { message: `must be a whole number between ${min} and ${max}` })
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(min, { message: `must be at least ${min}` })
          .max(max, { message: `must be at most ${max}` }),
      )
      .optional()
      .transform((value) => value ?? fallback),
  );

const positiveNumberString = (fallback: number) =>
  optionalWithDefault(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, { message: "must be a positive number" })
      .transform(Number)
      .pipe(z.number().positive({ message: "must be a positive number" }))
      .optional()
      .transform((value) => value ?? fallback),
  );

const stripeApiBase = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a URL such as http://127.0.0.1:12111" });
        return z.NEVER;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        ctx.addIssue({ code: "custom", message: `must use http or https (got ${url.protocol.replace(/:$/, "")})` });
        return z.NEVER;
      }
      if (url.pathname !== "/" && url.pathname !== "") {
        ctx.addIssue({ code: "custom", message: "must be a bare origin without a path (the SDK adds /v1/…)" });
        return z.NEVER;
      }
      const protocol = url.protocol === "https:" ? ("https" as const) : ("http" as const);
      const port = url.port === "" ? (protocol === "https" ? 443 : 80) : Number(url.port);
      // URL keeps IPv6 hosts in brackets; the SDK wants the bare address.
      const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
      return { url: url.origin, host, port, protocol };
    }),
);

const stripeSecretKey = optionalString.refine(
  (value) => value === undefined || /^(sk|rk)_(test|live)_\S+$/.test(value),
  { message: "must start with sk_test_, sk_live_, rk_test_ or rk_live_ (leave it unset for dry-run mode)" },
);

const runWorker = optionalWithDefault(
  z
    .enum(["true", "false", "1", "0"], { message: 'must be "true" or "false"' })
    .optional()
    .transform((value) => value !== "false" && value !== "0"),
);

const schedulerCron = optionalWithDefault(
  z
    .string()
    .optional()
    .transform((value) => value ?? DEFAULT_SCHEDULER_CRON)
    .refine((value) => isValidCron(value), {
      message: 'must be a node-cron expression, seconds allowed (e.g. "*/5 * * * * *" for every 5 seconds)',
    }),
);

/** The SMTP_URL that keeps every email in the database, for the Outbox page, instead of sending it (lib/email/outbox.ts). */
export const OUTBOX_SMTP_URL = "outbox";

export function keepsMailInOutbox(smtpUrl: string | undefined): boolean {
  return smtpUrl === OUTBOX_SMTP_URL;
}

const smtpUrl = optionalString.refine(
  (value) => value === undefined || value === OUTBOX_SMTP_URL || /^smtps?:\/\/[^/]/.test(value),
  {
    message: `must be an smtp:// or smtps:// URL such as smtp://127.0.0.1:2525, or "${OUTBOX_SMTP_URL}" to keep emails on the Outbox page instead`,
  },
);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const logLevel = optionalWithDefault(
  z
    .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })
    .optional()
    .transform((value) => value ?? "info"),
);

const logFormat = optionalWithDefault(z.enum(["json", "pretty"], { message: 'must be "json" or "pretty"' }).optional());

/** "127.0.0.1, 10.0.0.0/8, billing.internal": the private hosts the engine may send to (lib/outbound). */
const outboundAllowList = optionalWithDefault(
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = (value ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== "");
      for (const entry of entries) {
        const problem = allowListEntryProblem(entry);
        if (problem) ctx.addIssue({ code: "custom", message: `${problem} (list them separated by commas)` });
      }
      return parseAllowList(entries);
    }),
);

const envSchema = z.object({
  DATABASE_URL: optionalString,
  PORT: integerString(1, 65535, DEFAULT_PORT),
  STRIPE_SECRET_KEY: stripeSecretKey,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_BASE: stripeApiBase,
  STRIPE_MAX_REQUESTS_PER_SECOND: positiveNumberString(DEFAULT_STRIPE_MAX_REQUESTS_PER_SECOND),
  STRIPE_TIMEOUT_MS: integerString(100, 120_000, DEFAULT_STRIPE_TIMEOUT_MS),
  ADMIN_API_TOKEN: optionalString,
  ADMIN_PASSWORD: optionalString,
  SMTP_URL: smtpUrl,
  EMAIL_FROM: optionalWithDefault(
    z
      .string()
      .optional()
      .transform((value) => value ?? DEFAULT_EMAIL_FROM),
  ),
  SCHEDULER_CRON: schedulerCron,
  RUN_WORKER: runWorker,
  WORKER_CONCURRENCY: integerString(1, 256, DEFAULT_WORKER_CONCURRENCY),
  METRICS_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: "must be at least 16 characters (Prometheus sends it as a bearer token)",
  }),
  METRICS_PORT: integerString(1, 65535, DEFAULT_METRICS_PORT),
  OUTGOING_WEBHOOK_SECRET: optionalString,
  OUTBOUND_ALLOW_LIST: outboundAllowList,
  LEASE_SECONDS: integerString(5, 86_400, DEFAULT_LEASE_SECONDS),
  /** LEASE_SECONDS's older name, from when only steps had a lease: still read when it is not set. */
  STEP_LEASE_SECONDS: integerString(5, 86_400, DEFAULT_LEASE_SECONDS),
  LOG_LEVEL: logLevel,
  LOG_FORMAT: logFormat,
  NODE_ENV: optionalString,
});

interface StripeApiBase {
  url: string;
  host: string;
  port: number;
  protocol: "http" | "https";
}

export interface Config {
  /** Unset: the embedded SQLite file under data/. `postgresql://…` selects PostgreSQL. */
  databaseUrl: string | undefined;
  port: number;
  /** Unset: dry-run mode (no Stripe calls; writes are described, not sent). */
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  /** Overrides api.stripe.com, e.g. a Stripe-compatible server on this machine. */
  stripeApiBase: StripeApiBase | undefined;
  stripeMaxRequestsPerSecond: number;
  /** How long one Stripe call may take before it counts as a (transient) timeout. */
  stripeTimeoutMs: number;
  adminApiToken: string | undefined;
  adminPassword: string | undefined;
  smtpUrl: string | undefined;
  emailFrom: string;
  schedulerCron: string;
  runWorker: boolean;
  /** Steps a worker runs at once (and, apart, events it matches at once). */
  workerConcurrency: number;
  /** Opens /metrics to a bearer of it; unset, /metrics answers 404. */
  metricsToken: string | undefined;
  /** The port `npm run worker` serves /metrics on (the web server serves it on its own port). */
  metricsPort: number;
  /** Signs the invoice.will_be_due webhooks this engine sends. */
  outgoingWebhookSecret: string | undefined;
  /** Private and loopback hosts that webhooks, HTTP requests and Slack messages may still reach. */
  outboundAllowList: AllowList;
  /**
   * How long a worker holds what it claimed — a step, a timed job, an event it is matching — before
   * another may take it up: a dead worker's work waits at most this long.
   */
  leaseSeconds: number;
  logLevel: LogLevel;
  /** JSON lines, or readable lines (the default in development). */
  logFormat: "json" | "pretty";
  /** Single sign-on over OpenID Connect (OIDC_*); null when OIDC_ISSUER is unset. */
  sso: SsoConfig | null;
}

export class ConfigError extends Error {
  readonly issues: { variable: string; message: string }[];

  constructor(issues: { variable: string; message: string }[]) {
    super(`Invalid environment: ${issues.map((issue) => `${issue.variable}: ${issue.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** Parses an environment (process.env in production; a plain object in tests). Throws ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    // Values are never echoed: some of these variables are secrets.
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      })),
    );
  }
  const e = result.data;
  let sso: SsoConfig | null;
  try {
    sso = readSsoConfig(env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [variable, ...rest] = message.split(": ");
    throw new ConfigError([{ variable: variable ?? "OIDC", message: rest.join(": ") || message }]);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    stripeApiBase: e.STRIPE_API_BASE,
    stripeMaxRequestsPerSecond: e.STRIPE_MAX_REQUESTS_PER_SECOND,
    stripeTimeoutMs: e.STRIPE_TIMEOUT_MS,
    adminApiToken: e.ADMIN_API_TOKEN,
    adminPassword: e.ADMIN_PASSWORD,
    smtpUrl: e.SMTP_URL,
    emailFrom: e.EMAIL_FROM,
    schedulerCron: e.SCHEDULER_CRON,
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    outgoingWebhookSecret: e.OUTGOING_WEBHOOK_SECRET,
    outboundAllowList: e.OUTBOUND_ALLOW_LIST,
    leaseSeconds: env.LEASE_SECONDS?.trim() ? e.LEASE_SECONDS : e.STEP_LEASE_SECONDS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === "development" ? "pretty" : "json"),
    sso,
  };
}

let memoized: Config | undefined;

/** The process's configuration, parsed from process.env on first use. */
export function getConfig(): Config {
  memoized ??= parseConfig(process.env);
  return memoized;
}

/** Forgets the memoized configuration (tests that change process.env). */
export function resetConfigForTests(): void {
  memoized = undefined;
}

export type StripeMode = "live" | "test" | "dry-run";

export function stripeMode(config: Pick<Config, "stripeSecretKey">): StripeMode {
  const key = config.stripeSecretKey;
  if (!key) return "dry-run";
  return /^(sk|rk)_live_/.test(key) ? "live" : "test";
}

/** "sk_test_…4242": enough to tell keys apart in a log, never enough to use one. */
export function maskSecret(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const prefix = /^(sk|rk|whsec|pk)_(test_|live_)?/.exec(value)?.[0] ?? "";
  const tail = value.length - prefix.length >= 12 ? value.slice(-4) : "";
  return `${prefix}…${tail}`;
}

function maskUrlPassword(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = "***";
    return url.toString();
  } catch {
    return "***";
  }
}

const SECRET_FIELDS = [
  "stripeSecretKey",
  "stripeWebhookSecret",
  "adminApiToken",
  "adminPassword",
  "outgoingWebhookSecret",
  "metricsToken",
] as const satisfies readonly (keyof Config)[];

/** The configuration as it may appear in a log line: secrets masked, passwords in URLs hidden. */
export function redact(config: Config): Record<keyof Config, unknown> {
  const copy: Record<keyof Config, unknown> = { ...config };
  for (const field of SECRET_FIELDS) copy[field] = maskSecret(config[field]);
  copy.databaseUrl = maskUrlPassword(config.databaseUrl);
  copy.smtpUrl = maskUrlPassword(config.smtpUrl);
  copy.sso = config.sso ? { ...config.sso, clientSecret: maskSecret(config.sso.clientSecret) } : null;
  return copy;
}

/** Replaces every configured secret found in a piece of text (an error message, say) by its mask. */
export function redactText(text: string, config: Config): string {
  let out = text;
  for (const secret of [...SECRET_FIELDS.map((field) => config[field]), config.sso?.clientSecret]) {
    if (secret && secret.length >= 4) out = out.split(secret).join(maskSecret(secret) ?? "***");
  }
  for (const value of [config.databaseUrl, config.smtpUrl]) {
    if (!value) continue;
    try {
      const password = decodeURIComponent(new URL(value).password);
      if (password.length >= 4) out = out.split(password).join("***");
    } catch {
      // not a URL: nothing to hide beyond the secrets above
    }
  }
  return out;
}
