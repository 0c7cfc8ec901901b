import { defineConfig } from "@playwright/test";

// The admin UI in a real Chromium against `npm start` (production build) on a fresh SQLite file,
// in dry-run mode (which needs no SMTP: emails are recorded; invitations go to the outbox, as in
// development) with a fast scheduler tick. Debian's Chromium is used where Playwright's own
// browsers cannot be downloaded (set CHROMIUM_PATH to use another).
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E = {
  baseURL: `http://127.0.0.1:${PORT}`,
  password: "e2e-admin-password",
  apiToken: "e2e-api-token",
  webhookSecret: "whsec_e2e_webhook_secret",
  /** The session every test but the anonymous ones starts with (written by auth.setup.ts). */
  storageState: `e2e/.auth/admin-${PORT}.json`,
  /** The build the server runs (NEXT_DIST_DIR lets two runs on one machine keep separate builds). */
  distDir: process.env.NEXT_DIST_DIR || ".next",
  /** Playwright's output folder: one per port, see below. */
  outputDir: `test-results/e2e-${PORT}`,
  /** Everything the server printed, build included: the access suite scans it for secrets. */
  serverLog: `test-results/e2e-server-${PORT}.log`,
};

/**
 * A second server on the same build, with every secret set to a value no output may contain and
 * Stripe and SMTP pointed at a closed port, so its steps fail and their errors can be searched for
 * the secrets too (e2e/secrets.spec.ts). The first server cannot: it must stay in dry-run mode.
 */
const SECRETS_PORT = PORT + 1;
export const SECRETS_SERVER = {
  baseURL: `http://127.0.0.1:${SECRETS_PORT}`,
  log: `test-results/e2e-secrets-server-${PORT}.log`,
  closedPort: 9,
  secrets: {
    ADMIN_PASSWORD: "e2e-secrets-admin-password-7c1f",
    ADMIN_API_TOKEN: "e2e-secrets-api-token-5d2a",
    STRIPE_WEBHOOK_SECRET: "whsec_e2e_secrets_webhook_9b3e",
    OUTGOING_WEBHOOK_SECRET: "e2e-secrets-outgoing-4e8d",
    STRIPE_SECRET_KEY: "sk_test_e2eSecretsServerKey6a0f",
    "SMTP_URL's password": "e2e-smtp-password-2b7c",
    OIDC_CLIENT_SECRET: "e2e-secrets-oidc-client-6f1e",
  },
};

/**
 * A third server on the same build that acts for real: Stripe calls go to the Stripe-compatible test
 * server and email to an SMTP server, both in a process of their own (test/support/e2e-peers.ts),
 * whose control port lets a test seed Stripe's objects and make Stripe refuse a call — what a
 * failing step and its retry need, which dry-run cannot show.
 */
const LIVE_PORT = PORT + 2;
/**
 * The live server keeps its data in PostgreSQL, the production database, so the browser suite runs
 * on both: the other servers on SQLite files. One database per port, made afresh for each run.
 */
const LIVE_DATABASE_URL = (() => {
  const url = new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/billing_automations_e2e_${LIVE_PORT}`;
  return url.toString();
})();

export const LIVE_SERVER = {
  // "localhost", not 127.0.0.1: a browser keeps cookies per host, not per port, and each server has
  // sessions of its own, so the two session cookies must not be one.
  baseURL: `http://localhost:${LIVE_PORT}`,
  log: `test-results/e2e-live-server-${PORT}.log`,
  apiToken: "e2e-live-api-token",
  webhookSecret: "whsec_e2e_live_webhook",
  stripePort: PORT + 3,
  smtpPort: PORT + 4,
  control: `http://127.0.0.1:${PORT + 5}`,
};

/**
 * The OpenID provider the first server's single sign-on uses, run by the peers' process: a real
 * provider (oidc-provider), whose sign-in page offers the account a test names on the control port.
 */
export const SSO = {
  issuer: `http://127.0.0.1:${PORT + 6}`,
  clientId: "billing-automations-e2e",
  clientSecret: "e2e-oidc-client-secret-3b9d",
  groupRoles: "billing-ops=operator,billing-editors=editor,billing-admins=admin",
  allowedDomains: "example.com",
};

export default defineConfig({
  testDir: "e2e",
  // Playwright empties its output folder when a run starts: one per port, so a run neither wipes
  // another run's traces nor the figures other suites keep under test-results/.
  outputDir: E2E.outputDir,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // After every other test, whichever ran: the server's log of the whole run holds no secret.
    { name: "setup", testMatch: /auth\.setup\.ts/, teardown: "server log" },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: [/auth\.setup\.ts/, /server-log\.spec\.ts/],
      use: { storageState: E2E.storageState },
    },
    { name: "server log", testMatch: /server-log\.spec\.ts/ },
  ],
  webServer: [
    {
      // Both streams go to the log file and, through tee, to the reporter as before.
      command: `mkdir -p test-results && (rm -f data/e2e-${PORT}.db* && npm run build && npm start) 2>&1 | tee ${E2E.serverLog}`,
      url: `${E2E.baseURL}/login`,
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      stdout: "pipe",
      env: {
        PORT: String(PORT),
        DATABASE_URL: `file:./data/e2e-${PORT}.db`,
        ADMIN_PASSWORD: E2E.password,
        ADMIN_API_TOKEN: E2E.apiToken,
        STRIPE_WEBHOOK_SECRET: E2E.webhookSecret,
        SCHEDULER_CRON: "* * * * * *",
        STRIPE_SECRET_KEY: "",
        // As `npm run dev` has it: emails (invitations) are kept on the Outbox page.
        SMTP_URL: "outbox",
        OIDC_ISSUER: SSO.issuer,
        OIDC_CLIENT_ID: SSO.clientId,
        OIDC_CLIENT_SECRET: SSO.clientSecret,
        OIDC_GROUP_ROLES: SSO.groupRoles,
        OIDC_ALLOWED_DOMAINS: SSO.allowedDomains,
        // The benchmark's floor route must be the 404 it is in production.
        BENCH_FLOOR_ROUTE: "",
        // The peers and receivers of the tests listen on loopback, refused unless allowed.
        OUTBOUND_ALLOW_LIST: "127.0.0.1,localhost",
      },
    },
    {
      // Started once the first is up, so on its build.
      command: `mkdir -p test-results && (rm -f data/e2e-${SECRETS_PORT}.db* && npm start) > ${SECRETS_SERVER.log} 2>&1`,
      url: `${SECRETS_SERVER.baseURL}/login`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      env: {
        PORT: String(SECRETS_PORT),
        DATABASE_URL: `file:./data/e2e-${SECRETS_PORT}.db`,
        ADMIN_PASSWORD: SECRETS_SERVER.secrets.ADMIN_PASSWORD,
        ADMIN_API_TOKEN: SECRETS_SERVER.secrets.ADMIN_API_TOKEN,
        STRIPE_WEBHOOK_SECRET: SECRETS_SERVER.secrets.STRIPE_WEBHOOK_SECRET,
        OUTGOING_WEBHOOK_SECRET: SECRETS_SERVER.secrets.OUTGOING_WEBHOOK_SECRET,
        STRIPE_SECRET_KEY: SECRETS_SERVER.secrets.STRIPE_SECRET_KEY,
        STRIPE_API_BASE: `http://127.0.0.1:${SECRETS_SERVER.closedPort}`,
        STRIPE_TIMEOUT_MS: "2000",
        SMTP_URL: `smtp://billing:${SECRETS_SERVER.secrets["SMTP_URL's password"]}@127.0.0.1:${SECRETS_SERVER.closedPort}`,
        // Single sign-on against a provider that is not there: its failure is logged, and must not show the secret.
        OIDC_ISSUER: `http://127.0.0.1:${SECRETS_SERVER.closedPort}`,
        OIDC_CLIENT_ID: "e2e-secrets-client",
        OIDC_CLIENT_SECRET: SECRETS_SERVER.secrets.OIDC_CLIENT_SECRET,
        SCHEDULER_CRON: "* * * * * *",
        BENCH_FLOOR_ROUTE: "",
        // The peers and receivers of the tests listen on loopback, refused unless allowed.
        OUTBOUND_ALLOW_LIST: "127.0.0.1,localhost",
      },
    },
    {
      command: `npx tsx test/support/e2e-peers.ts`,
      url: `${LIVE_SERVER.control}/health`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      env: {
        STRIPE_PORT: String(LIVE_SERVER.stripePort),
        SMTP_PORT: String(LIVE_SERVER.smtpPort),
        CONTROL_PORT: new URL(LIVE_SERVER.control).port,
        OIDC_PORT: new URL(SSO.issuer).port,
        OIDC_CLIENT_ID: SSO.clientId,
        OIDC_CLIENT_SECRET: SSO.clientSecret,
        OIDC_REDIRECT_URIS: `${E2E.baseURL}/login/sso/callback`,
      },
    },
    {
      // Started once the first is up, so on its build.
      command: `mkdir -p test-results && (npx tsx test/support/e2e-database.ts && npm start) > ${LIVE_SERVER.log} 2>&1`,
      url: `${LIVE_SERVER.baseURL}/login`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      env: {
        PORT: String(LIVE_PORT),
        DATABASE_URL: LIVE_DATABASE_URL,
        ADMIN_PASSWORD: E2E.password,
        ADMIN_API_TOKEN: LIVE_SERVER.apiToken,
        STRIPE_WEBHOOK_SECRET: LIVE_SERVER.webhookSecret,
        STRIPE_SECRET_KEY: "sk_test_e2e_live_server",
        STRIPE_API_BASE: `http://127.0.0.1:${LIVE_SERVER.stripePort}`,
        SMTP_URL: `smtp://127.0.0.1:${LIVE_SERVER.smtpPort}`,
        SCHEDULER_CRON: "* * * * * *",
        BENCH_FLOOR_ROUTE: "",
        // The peers and receivers of the tests listen on loopback, refused unless allowed.
        OUTBOUND_ALLOW_LIST: "127.0.0.1,localhost",
      },
    },
  ],
});
