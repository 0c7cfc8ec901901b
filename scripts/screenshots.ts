// npm run screenshots -- [--url http://127.0.0.1:3000] [--out docs/screenshots] [--no-seed]
// The README's screenshots, taken from an instance that is already running (this starts nothing).
// Logs in with ADMIN_PASSWORD; unless --no-seed, adds a few automations through the JSON API
// (ADMIN_API_TOKEN) and delivers signed sample events (STRIPE_WEBHOOK_SECRET) so the pages are
// not empty; then saves one PNG per page. A page that does not exist (yet) is skipped with a note.
// Not part of the tests: run it by hand against a demo instance, e.g. `npm run dev` in dry-run mode.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { chromium, type Page } from "@playwright/test";
import { sendSampleEvent } from "../lib/samples/send-sample-event";
import type { SampleEventOptions, SampleEventType } from "../lib/samples/sample-events";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    out: { type: "string", default: "docs/screenshots" },
    "no-seed": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run screenshots -- [--url http://127.0.0.1:3000] [--out docs/screenshots] [--no-seed]");
  process.exit(0);
}

const baseUrl = values.url.replace(/\/$/, "");
const outDir = path.resolve(values.out);
const password = process.env.ADMIN_PASSWORD;
const apiToken = process.env.ADMIN_API_TOKEN;
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;

if (!password) {
  console.error("screenshots: ADMIN_PASSWORD is not set: it is needed to log in to the admin UI");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Seeding, through the same doors a user has: the JSON API and the signed webhook.

async function callApi<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Listed {
  id: string;
  name?: string;
  trigger?: string;
  type?: string;
}

/** The list a route returns, whether bare or wrapped ({ automations: [...] }, { data: [...] }, …). */
function listOf(body: unknown): Listed[] {
  if (Array.isArray(body)) return body as Listed[];
  if (body && typeof body === "object") {
    const array = Object.values(body).find(Array.isArray);
    if (array) return array as Listed[];
  }
  return [];
}

const DEMO_AUTOMATIONS = [
  {
    name: "Enterprise annual renewals: alert and retry",
    trigger: "subscription_payment_failed",
    status: "active",
    conditions: [
      { type: "customer_metadata", key: "segment", value: "enterprise" },
      { type: "subscription_interval", interval: "year" },
    ],
    steps: [
      {
        type: "action",
        action: "send_team_email",
        params: { to: ["revenue@example.com"], memo: "An enterprise renewal failed: call the customer." },
      },
      {
        type: "action",
        action: "set_retry_policy",
        params: {
          retries: [
            { amount: 1, unit: "days" },
            { amount: 3, unit: "days" },
            { amount: 7, unit: "days" },
          ],
        },
      },
      { type: "delay", amount: 14, unit: "days" },
      { type: "action", action: "mark_subscription_unpaid" },
    ],
  },
  {
    // A second automation on the same trigger, so the priority panel has something to order.
    name: "Annual plans: longer retries, then write off",
    trigger: "subscription_payment_failed",
    status: "active",
    conditions: [{ type: "subscription_interval", interval: "year" }],
    steps: [
      {
        type: "action",
        action: "set_retry_policy",
        params: {
          retries: [
            { amount: 3, unit: "days" },
            { amount: 10, unit: "days" },
          ],
        },
      },
      { type: "delay", amount: 21, unit: "days" },
      { type: "action", action: "mark_invoice_uncollectible" },
      { type: "action", action: "cancel_subscription" },
    ],
  },
  {
    name: "Reminder a week before the due date",
    trigger: "invoice_due_date_upcoming",
    status: "active",
    conditions: [{ type: "invoice_amount", min: 100_000, max: null }],
    steps: [
      { type: "delay", amount: -7, unit: "days", from: "due_date" },
      { type: "action", action: "send_invoice_will_be_due_webhook" },
    ],
  },
];

const DEMO_EVENTS: { type: SampleEventType; options: SampleEventOptions }[] = [
  {
    type: "invoice.payment_failed",
    options: { interval: "year", attemptCount: 1, amount: 480_000, customerMetadata: { segment: "enterprise" } },
  },
  { type: "invoice.payment_failed", options: { interval: "year", attemptCount: 1, amount: 119_900 } },
  { type: "invoice.payment_failed", options: { interval: "month", attemptCount: 1, amount: 4_900 } },
  { type: "customer.subscription.deleted", options: {} },
  {
    type: "invoice.finalized",
    options: {
      collectionMethod: "send_invoice",
      amount: 250_000,
      dueDate: Math.floor(Date.now() / 1000) + 30 * 86_400,
    },
  },
];

async function seed(): Promise<void> {
  if (!apiToken) {
    console.log("seed: ADMIN_API_TOKEN is not set; taking the pages as they are");
    return;
  }
  // Only an empty settings form is filled in: a demo instance's own settings are left alone. First,
  // as the automations below need its team emails and webhook endpoint to be saved active.
  const settings = await callApi<{ exchangeRates: Record<string, number>; teamEmails: string[] }>(
    "GET",
    "/api/settings",
  );
  if (Object.keys(settings.exchangeRates).length === 0 && settings.teamEmails.length === 0) {
    await callApi("PUT", "/api/settings", {
      exchangeRates: { eur: 1.08, gbp: 1.27, jpy: 0.0067 },
      teamEmails: ["ops@example.com", "finance@example.com"],
      webhookEndpoints: ["https://erp.example.com/hooks/billing"],
    });
    console.log("seed: settings (rates, team emails, a webhook endpoint)");
  }
  const existing = listOf(await callApi<unknown>("GET", "/api/automations"));
  for (const automation of DEMO_AUTOMATIONS) {
    if (existing.some((other) => other.name === automation.name)) continue;
    await callApi("POST", "/api/automations", automation);
    console.log(`seed: automation "${automation.name}"`);
  }
  if (!webhookSecret) {
    console.log("seed: STRIPE_WEBHOOK_SECRET is not set; no sample events, so runs and events may be empty");
    return;
  }
  if (listOf(await callApi<unknown>("GET", `/api/events?limit=${DEMO_EVENTS.length}`)).length >= DEMO_EVENTS.length) {
    console.log("seed: the instance already has events; sending no more");
    return;
  }
  const newestRun = async () => listOf(await callApi<unknown>("GET", "/api/runs?limit=1"))[0]?.id;
  const runBefore = await newestRun();
  for (const { type, options } of DEMO_EVENTS) {
    const result = await sendSampleEvent({ baseUrl, secret: webhookSecret, type, options });
    console.log(`seed: ${type} ${result.eventId} → ${result.status}`);
  }
  // Matching runs after the webhook has been answered: wait for the runs to appear.
  for (let waited = 0; waited < 15_000; waited += 500) {
    if ((await newestRun()) !== runBefore) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// ---------------------------------------------------------------------------------------------
// Pages

let saved = 0;
let skipped = 0;

async function isMissing(page: Page, status: number | undefined): Promise<boolean> {
  if (status === 404) return true;
  // A page's notFound() streams its 404 with status 200.
  return page
    .getByRole("heading", { level: 1, name: "Page not found" })
    .isVisible()
    .catch(() => false);
}

async function save(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // Let client components settle (relative times, dialogs opening) before the picture.
  await page.waitForTimeout(300);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  saved += 1;
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

function skip(name: string, why: string): void {
  skipped += 1;
  console.log(`skipped ${name}: ${why}`);
}

/** Opens a page and saves it, or says why not. */
async function shoot(page: Page, name: string, route: string | undefined): Promise<boolean> {
  if (!route) {
    skip(name, "nothing to show (no record of that kind)");
    return false;
  }
  const response = await page.goto(`${baseUrl}${route}`, { waitUntil: "networkidle" });
  if (new URL(page.url()).pathname === "/login") throw new Error(`${route} sent the browser to /login: not logged in`);
  if (await isMissing(page, response?.status())) {
    skip(name, `${route} does not exist yet`);
    return false;
  }
  await save(page, name);
  return true;
}

async function firstId(route: string, prefer?: (item: Listed) => boolean): Promise<string | undefined> {
  if (!apiToken) return undefined;
  const items = listOf(await callApi<unknown>("GET", route).catch(() => []));
  return (items.find((item) => prefer?.(item)) ?? items[0])?.id;
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  if (!values["no-seed"]) await seed();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
    const page = await context.newPage();

    await page.goto(`${baseUrl}/login`);
    await page.getByLabel("Password", { exact: true }).fill(password ?? "");
    await page.getByRole("button", { name: "Log in" }).click();
    await page
      .waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 })
      .catch(() => {
        throw new Error("logging in failed: is ADMIN_PASSWORD the instance's password?");
      });

    if (await shoot(page, "automations", "/automations")) {
      const reorder = page.getByRole("button", { name: /^Update priority of/ }).first();
      if (await reorder.isVisible().catch(() => false)) {
        await reorder.click();
        // A dev server compiles the panel on first use.
        await page.getByRole("dialog").waitFor({ timeout: 30_000 });
        // The viewport only: a modal's backdrop covers the viewport, not the whole page.
        await save(page, "priority-panel", false);
        await page.keyboard.press("Escape");
      } else {
        skip("priority-panel", "no priority button on /automations (a trigger needs two automations)");
      }
    }
    const automationId = await firstId("/api/automations", (item) => item.name === DEMO_AUTOMATIONS[0]?.name);
    await shoot(page, "automation-editor", automationId && `/automations/${automationId}`);

    await shoot(page, "runs", "/runs");
    const runId = await firstId("/api/runs");
    await shoot(page, "run", runId && `/runs/${runId}`);

    await shoot(page, "outcomes", "/outcomes");

    await shoot(page, "events", "/events");
    const eventId = await firstId("/api/events", (item) => item.type === "invoice.payment_failed");
    await shoot(page, "event-trace", eventId && `/events/${eventId}`);

    await shoot(page, "settings", "/settings");
  } finally {
    await browser.close();
  }
  console.log(
    `${saved} screenshots in ${path.relative(process.cwd(), outDir) || "."}${skipped ? `, ${skipped} skipped` : ""}`,
  );
}

try {
  await main();
} catch (error) {
  console.error(`screenshots: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
