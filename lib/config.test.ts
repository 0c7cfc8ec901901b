import { afterEach, describe, expect, it } from "vitest";

import {
  ConfigError,
  DEFAULT_EMAIL_FROM,
  DEFAULT_SCHEDULER_CRON,
  getConfig,
  maskSecret,
  parseConfig,
  redact,
  redactText,
  resetConfigForTests,
  stripeMode,
} from "@/lib/config";

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected parseConfig to throw");
}

describe("parseConfig", () => {
  it("applies the documented defaults to an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      stripeSecretKey: undefined,
      stripeApiBase: undefined,
      stripeMaxRequestsPerSecond: 25,
      emailFrom: DEFAULT_EMAIL_FROM,
      schedulerCron: DEFAULT_SCHEDULER_CRON,
      runWorker: true,
      workerConcurrency: 16,
      leaseSeconds: 60,
      smtpUrl: undefined,
      outgoingWebhookSecret: undefined,
    });
    expect(DEFAULT_EMAIL_FROM).toBe("Billing Automations <billing-automations@localhost>");
    expect(DEFAULT_SCHEDULER_CRON).toBe("*/5 * * * * *");
  });

  it("treats variables set to the empty string as unset", () => {
    const config = parseConfig({ STRIPE_SECRET_KEY: "", PORT: "", SMTP_URL: "", STRIPE_API_BASE: "" });
    expect(config.stripeSecretKey).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(stripeMode(config)).toBe("dry-run");
  });

  it("splits STRIPE_API_BASE into the SDK's host, port and protocol", () => {
    expect(parseConfig({ STRIPE_API_BASE: "http://127.0.0.1:12111" }).stripeApiBase).toEqual({
      url: "http://127.0.0.1:12111",
      host: "127.0.0.1",
      port: 12111,
      protocol: "http",
    });
    expect(parseConfig({ STRIPE_API_BASE: "https://stripe.internal" }).stripeApiBase).toMatchObject({
      host: "stripe.internal",
      port: 443,
      protocol: "https",
    });
    expect(parseConfig({ STRIPE_API_BASE: "http://[::1]:12111/" }).stripeApiBase).toMatchObject({ host: "::1" });
  });

  it("names the variable and what is allowed when a value is wrong", () => {
    expect(configError({ STRIPE_API_BASE: "ftp://127.0.0.1:12111" }).message).toMatch(
      /STRIPE_API_BASE: must use http or https \(got ftp\)/,
    );
    expect(configError({ STRIPE_API_BASE: "127.0.0.1:12111" }).message).toMatch(
      /STRIPE_API_BASE: must be a URL such as http:\/\/127.0.0.1:12111/,
    );
    expect(configError({ STRIPE_API_BASE: "http://localhost:1/v1" }).message).toMatch(
      /STRIPE_API_BASE: must be a bare origin/,
    );
    expect(configError({ PORT: "eighty" }).message).toMatch(/PORT: must be a whole number/);
    expect(configError({ PORT: "70000" }).message).toMatch(/PORT: must be at most 65535/);
    expect(configError({ RUN_WORKER: "no" }).message).toMatch(/RUN_WORKER: must be "true" or "false"/);
    expect(configError({ SCHEDULER_CRON: "every minute" }).message).toMatch(
      /SCHEDULER_CRON: must be a node-cron expression/,
    );
    expect(configError({ SMTP_URL: "127.0.0.1:2525" }).message).toMatch(/SMTP_URL: must be an smtp:\/\//);
    // "outbox" keeps the mail for the Outbox page; nothing else that is not a URL passes.
    expect(parseConfig({ SMTP_URL: "outbox" }).smtpUrl).toBe("outbox");
    expect(configError({ SMTP_URL: "outbox:" }).message).toMatch(/SMTP_URL: .*or "outbox" to keep emails/);
    expect(configError({ STRIPE_MAX_REQUESTS_PER_SECOND: "-3" }).message).toMatch(/STRIPE_MAX_REQUESTS_PER_SECOND/);
  });

  it("reports every bad variable at once", () => {
    const err = configError({ PORT: "x", RUN_WORKER: "maybe" });
    expect(err.issues.map((issue) => issue.variable).sort()).toEqual(["PORT", "RUN_WORKER"]);
  });

  it("never echoes a secret in its error", () => {
    const err = configError({ STRIPE_SECRET_KEY: "pk_live_supersecretvalue123" });
    expect(err.message).toMatch(/STRIPE_SECRET_KEY: must start with sk_test_/);
    expect(err.message).not.toContain("supersecretvalue");
  });

  it("reads RUN_WORKER=false and the numeric settings", () => {
    const config = parseConfig({
      RUN_WORKER: "false",
      STRIPE_MAX_REQUESTS_PER_SECOND: "100",
      LEASE_SECONDS: "120",
      SCHEDULER_CRON: "*/2 * * * * *",
      WORKER_CONCURRENCY: "32",
    });
    expect(config.runWorker).toBe(false);
    expect(config.workerConcurrency).toBe(32);
    expect(config.stripeMaxRequestsPerSecond).toBe(100);
    expect(config.leaseSeconds).toBe(120);
    expect(config.schedulerCron).toBe("*/2 * * * * *");
  });

  it("still reads the lease's older name, STEP_LEASE_SECONDS, when LEASE_SECONDS is not set", () => {
    expect(parseConfig({ STEP_LEASE_SECONDS: "30" }).leaseSeconds).toBe(30);
    expect(parseConfig({ STEP_LEASE_SECONDS: "30", LEASE_SECONDS: "45" }).leaseSeconds).toBe(45);
    expect(parseConfig({}).leaseSeconds).toBe(60);
    expect(() => parseConfig({ LEASE_SECONDS: "2" })).toThrow(/LEASE_SECONDS/);
  });

  it("refuses a WORKER_CONCURRENCY outside 1–256, naming it", () => {
    expect(() => parseConfig({ WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY: must be at least 1/);
    expect(() => parseConfig({ WORKER_CONCURRENCY: "many" })).toThrow(/WORKER_CONCURRENCY: must be a whole number/);
  });
});

describe("stripeMode", () => {
  it("is live, test or dry-run by the key's prefix", () => {
    expect(stripeMode({ stripeSecretKey: "sk_live_abc" })).toBe("live");
    expect(stripeMode({ stripeSecretKey: "rk_live_abc" })).toBe("live");
    expect(stripeMode({ stripeSecretKey: "sk_test_abc" })).toBe("test");
    expect(stripeMode({ stripeSecretKey: undefined })).toBe("dry-run");
  });
});

describe("redact", () => {
  const config = parseConfig({
    STRIPE_SECRET_KEY: "sk_test_51AbCdEfGhIjKlMnOpQrStUv",
    STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef0123",
    ADMIN_API_TOKEN: "token-0123456789abcdef",
    ADMIN_PASSWORD: "hunter2hunter2",
    OUTGOING_WEBHOOK_SECRET: "outgoing-secret-0123456789",
    SMTP_URL: "smtp://mailer:p4ssw0rd@127.0.0.1:2525",
    DATABASE_URL: "postgresql://app:dbpassword@127.0.0.1:5432/billing",
  });

  it("masks every secret and URL password, keeping enough to tell keys apart", () => {
    const safe = JSON.stringify(redact(config));
    for (const secret of [
      "51AbCdEfGhIjKlMnOpQrStUv",
      "0123456789abcdef0123",
      "token-0123",
      "hunter2",
      "outgoing-secret",
      "p4ssw0rd",
      "dbpassword",
    ]) {
      expect(safe).not.toContain(secret);
    }
    expect(redact(config).stripeSecretKey).toBe("sk_test_…StUv");
    expect(redact(config).smtpUrl).toBe("smtp://mailer:***@127.0.0.1:2525");
    expect(maskSecret("short")).toBe("…");
  });

  it("scrubs secrets out of free text such as an error message", () => {
    const text = redactText("auth failed for sk_test_51AbCdEfGhIjKlMnOpQrStUv with p4ssw0rd", config);
    expect(text).toBe("auth failed for sk_test_…StUv with ***");
  });
});

describe("getConfig", () => {
  const saved = process.env.LEASE_SECONDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.LEASE_SECONDS;
    else process.env.LEASE_SECONDS = saved;
    resetConfigForTests();
  });

  it("parses process.env once and memoizes the result", () => {
    resetConfigForTests();
    process.env.LEASE_SECONDS = "90";
    const first = getConfig();
    process.env.LEASE_SECONDS = "30";
    expect(getConfig()).toBe(first);
    expect(first.leaseSeconds).toBe(90);
  });
});
