import { defineConfig } from "@playwright/test";

// The admin UI in a real Chromium against `npm start` (production build) on a fresh SQLite file,
// in dry-run mode with a fast scheduler tick. Debian's Chromium is used where Playwright's own
// browsers cannot be downloaded (set CHROMIUM_PATH to use another).
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E = {
  baseURL: `http://127.0.0.1:${PORT}`,
  password: "e2e-admin-password",
  apiToken: "e2e-api-token",
  webhookSecret: "whsec_e2e_webhook_secret",
};

export default defineConfig({
  testDir: "e2e",
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
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /auth\.setup\.ts/,
      use: { storageState: `e2e/.auth/admin-${PORT}.json` },
    },
  ],
  webServer: {
    command: `rm -f data/e2e-${PORT}.db* && npm run build && npm start`,
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
    },
  },
});
