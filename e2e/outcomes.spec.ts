import { readFileSync } from "node:fs";
import {
  expect,
  request as requestFactory,
  test,
  type APIRequestContext,
  type Locator,
  type Page,
} from "@playwright/test";
import { formatMoney } from "../lib/money/money";
import { formatMajorAmount } from "../lib/money/money-input";
import { sampleIds, type SampleEventType } from "../lib/samples/sample-events";
import { E2E, LIVE_SERVER } from "../playwright.config";
import { api, deliverEvent, uniqueName } from "./support";

// The outcomes page against real data: signed invoice.payment_failed events start runs of two
// automations only these events match (an invoice-metadata tag of their own), later events pay,
// write off, void or cancel some of them, and one automation holds half its matches out. Every
// check reads the page filtered to one of the two, so other spec files' rows never count.

const HOUR = 3600;
const DAY = 24 * HOUR;
const TRIGGER = "subscription_payment_failed";
const TRIGGER_LABEL = "Subscription payment failed";

/** As the page writes a rate: "42.9 %", "50 %". */
const percent = (rate: number) => `${Number((rate * 100).toFixed(1))} %`;
const points = (difference: number) => `${difference >= 0 ? "+" : "−"}${Math.abs(difference * 100).toFixed(1)} points`;
/** The Monday (UTC) of the week a unix time falls in, "2026-11-30": the report's weeks. */
function weekOf(seconds: number): string {
  const day = Math.floor(seconds / DAY);
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return new Date(monday * DAY * 1000).toISOString().slice(0, 10);
}
const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
/** A chart's drawing (its legend's icons are SVGs too). */
const CHART_SVG = ".recharts-wrapper > svg.recharts-surface";
const tagOf = (name: string) => name.split(" ").at(-1)!;

type End = "invoice.paid" | "invoice.marked_uncollectible" | "invoice.voided" | "customer.subscription.deleted";
interface Invoice {
  /** When its payment failed (the match), unix seconds. */
  failedAt: number;
  amount: number;
  /** What became of it, and how long after the failure. */
  end?: { type: End; after: number };
}

const now = Math.floor(Date.now() / 1000);
/** The dunning automation's invoices: three weeks, each way an invoice's story can end. */
const DUNNING: Invoice[] = [
  { failedAt: now - 14 * DAY, amount: 10_000, end: { type: "invoice.paid", after: 5 * HOUR } },
  { failedAt: now - 14 * DAY + HOUR, amount: 7_000, end: { type: "invoice.marked_uncollectible", after: 2 * DAY } },
  { failedAt: now - 7 * DAY, amount: 25_000, end: { type: "invoice.paid", after: 30 * HOUR } },
  { failedAt: now - 7 * DAY + HOUR, amount: 3_000, end: { type: "invoice.voided", after: DAY } },
  {
    failedAt: now - 7 * DAY + 2 * HOUR,
    amount: 4_000,
    end: { type: "customer.subscription.deleted", after: 2 * HOUR },
  },
  { failedAt: now - 120, amount: 9_900 },
  { failedAt: now - 60, amount: 4_950, end: { type: "invoice.paid", after: 30 } },
];
const paid = DUNNING.filter((invoice) => invoice.end?.type === "invoice.paid");
const RECOVERED = paid.reduce((sum, invoice) => sum + invoice.amount, 0);
/** Paid after 5 h, 30 h and 30 s: the median is 5 hours exactly. */
const MEDIAN = "5 hours";
const weeksOf = (invoices: Invoice[]) => [...new Set(invoices.map((invoice) => weekOf(invoice.failedAt)))].sort();

type InvoiceOptions = Record<string, unknown>;

let request: APIRequestContext;
let currency = "usd";
const dunning = { id: "", name: uniqueName("Outcomes dunning") };
const holdout = { id: "", name: uniqueName("Outcomes holdout") };
/** The holdout automation's invoices, by what the engine did with them. */
const held = { runs: [] as InvoiceOptions[], heldOut: [] as InvoiceOptions[], paidRuns: 0, paidHeldOut: 0 };

async function createAutomation(name: string): Promise<string> {
  const created = await api(request, "POST", "/api/automations", {
    name,
    trigger: TRIGGER,
    conditions: [{ type: "invoice_metadata", key: "e2e", value: tagOf(name) }],
    // A long wait first: every run is still active when its invoice's story ends.
    steps: [
      { type: "delay", amount: 30, unit: "days" },
      { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
    ],
  });
  return created.id as string;
}

/**
 * A fresh invoice's failed payment, as Stripe reports it. Returns the event, and the invoice's
 * options, for the event that later ends its story.
 */
async function failure(tag: string, invoice: Invoice) {
  const options = { ...sampleIds(), amount: invoice.amount, currency, invoiceMetadata: { e2e: tag } };
  const { eventId } = await deliverEvent(request, "invoice.payment_failed", { ...options, created: invoice.failedAt });
  return { options, eventId };
}

/** The event that ends an invoice's story (paid, written off, voided, its subscription canceled), at `at`. */
async function end(options: InvoiceOptions, type: SampleEventType, at: number) {
  await deliverEvent(request, type, { ...options, created: at });
}

/** The event's evaluation once processed: did the automation start a run, or hold the match out? */
async function verdictOf(eventId: string, automationId: string): Promise<"run" | "held out"> {
  let verdict: "run" | "held out" | null = null;
  await expect(async () => {
    const event = (await api(request, "GET", `/api/events/${eventId}`)) as {
      status: string;
      evaluations: Array<{ matchedAutomationId: string | null; runId: string | null }>;
    };
    expect(event.status).toBe("processed");
    const evaluation = event.evaluations.find((candidate) => candidate.matchedAutomationId === automationId);
    expect(evaluation, "the automation matched").toBeDefined();
    verdict = evaluation!.runId ? "run" : "held out";
  }).toPass({ timeout: 15_000 });
  return verdict!;
}

type Report = {
  automations: Array<{
    automationId: string;
    runs: number;
    recovered: number;
    open: number;
    writtenOff: number;
    voided: number;
    canceled: number;
    holdout?: { matched: number; recovered: number };
    comparison?: { words: string };
  }>;
};
const reportOf = async (automationId: string) =>
  (await api(request, "GET", `/api/outcomes?automationId=${automationId}`)) as Report;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  request = await requestFactory.newContext({ baseURL: E2E.baseURL });
  currency = String((await api(request, "GET", "/api/settings")).defaultCurrency);
  dunning.id = await createAutomation(dunning.name);
  holdout.id = await createAutomation(holdout.name);
  await api(request, "PATCH", `/api/automations/${holdout.id}`, { holdoutPercent: 50 });
  // First on their trigger, so no other spec file's automation takes their events.
  const { automations } = (await api(request, "GET", "/api/automations")) as {
    automations: Array<{ id: string; trigger: string }>;
  };
  const others = automations.filter(
    (automation) => automation.trigger === TRIGGER && ![dunning.id, holdout.id].includes(automation.id),
  );
  await api(request, "PUT", "/api/automations/priority", {
    trigger: TRIGGER,
    ids: [dunning.id, holdout.id, ...others.map((automation) => automation.id)],
  });

  const sent = [];
  for (const invoice of DUNNING) sent.push({ invoice, ...(await failure(tagOf(dunning.name), invoice)) });
  for (const { eventId } of sent) expect(await verdictOf(eventId, dunning.id)).toBe("run");
  for (const { invoice, options } of sent) {
    if (invoice.end) await end(options, invoice.end.type, invoice.failedAt + invoice.end.after);
  }

  // Half held out, by a hash of the invoice: enough matches for at least two of each.
  for (let index = 0; index < 40; index += 1) {
    if (held.runs.length >= 2 && held.heldOut.length >= 2 && held.runs.length + held.heldOut.length >= 6) break;
    const { eventId, options } = await failure(tagOf(holdout.name), { failedAt: now - 3 * HOUR, amount: 12_000 });
    held[(await verdictOf(eventId, holdout.id)) === "run" ? "runs" : "heldOut"].push(options);
  }
  expect(held.runs.length).toBeGreaterThanOrEqual(2);
  expect(held.heldOut.length).toBeGreaterThanOrEqual(2);
  for (const options of [...held.runs.slice(0, 2), ...held.heldOut.slice(0, 1)]) {
    await end(options, "invoice.paid", now - 2 * HOUR);
  }
  held.paidRuns = 2;
  held.paidHeldOut = 1;

  // Every end applied (the webhook answers before it processes).
  await expect(async () => {
    const [a] = (await reportOf(dunning.id)).automations;
    expect(a).toMatchObject({ runs: 7, recovered: 3, writtenOff: 1, voided: 1, canceled: 1, open: 1 });
    const [b] = (await reportOf(holdout.id)).automations;
    expect(b).toMatchObject({ recovered: 2, holdout: { recovered: 1 } });
  }).toPass({ timeout: 20_000 });
});

test.afterAll(async () => {
  for (const { id } of [dunning, holdout]) {
    if (id) await api(request, "DELETE", `/api/automations/${id}?inProgress=cancel`);
  }
  await request?.dispose();
});

/** The table of the trigger, and the row of an automation in it. */
const summaryTable = (page: Page) => page.getByRole("table", { name: `${TRIGGER_LABEL}: outcomes by automation` });
const rowOf = (page: Page, name: string) => summaryTable(page).getByRole("row").filter({ hasText: name });

/** A row's figures as the page shows them (its cells' labels for a phone hidden), after the automation. */
const figures = (row: Locator) =>
  row.locator("td").evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).innerText.trim()));

const DUNNING_FIGURES = () => [
  "7",
  `3 (${percent(3 / 7)})`,
  formatMoney(RECOVERED, currency),
  MEDIAN,
  "1",
  "1",
  "1",
  "1",
  "0",
];

/** The page's error message (Next.js's route announcer, outside the main landmark, is an alert too). */
const errorMessage = (page: Page) => page.getByRole("main").getByRole("alert");

/** Console errors of a page (a chart that fails to draw logs one). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("the nav links to Outcomes, after Runs", async ({ page }) => {
  await page.goto("/automations");
  const nav = page.getByRole("navigation", { name: "Main" });
  const labels = (await nav.getByRole("link").allTextContents()).map((label) => label.trim());
  expect(labels.indexOf("Outcomes")).toBe(labels.indexOf("Runs") + 1);
  await nav.getByRole("link", { name: "Outcomes" }).click();
  await expect(page).toHaveURL(/\/outcomes$/);
  await expect(page.getByRole("heading", { level: 1, name: "Outcomes" })).toBeVisible();
  await expect(page).toHaveTitle("Outcomes · Billing Automations");
  await expect(
    page.getByText(/Recovered means the invoice was paid while its run was active or within 7 days/),
  ).toBeVisible();
});

test("the summary gives each automation's runs, recoveries, amount, time to recover and other ends, with links", async ({
  page,
}) => {
  await page.goto(`/outcomes?automationId=${dunning.id}`);
  const row = rowOf(page, dunning.name);
  await expect(row).toHaveCount(1);
  expect(await figures(row)).toEqual(DUNNING_FIGURES());
  await expect(row.getByRole("link", { name: dunning.name, exact: true })).toHaveAttribute(
    "href",
    `/automations/${dunning.id}`,
  );
  await row.getByRole("link", { name: `Runs of ${dunning.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs\\?automationId=${dunning.id}$`));
  await expect(page.getByLabel("Automation", { exact: true })).toHaveValue(dunning.id);
  await expect(page.getByRole("row").filter({ hasText: dunning.name })).toHaveCount(DUNNING.length);
});

test("the charts draw the weeks, and their figures can be read", async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto(`/outcomes?automationId=${dunning.id}`);
  const weeks = weeksOf(DUNNING);
  const inWeek = (week: string) => DUNNING.filter((invoice) => weekOf(invoice.failedAt) === week);

  const rate = page.getByRole("region", { name: "Recovery rate by week" });
  await expect(rate.locator(CHART_SVG)).toBeVisible();
  await expect(rate.locator(".recharts-line")).toHaveCount(1);
  await expect(rate.getByRole("img")).toHaveAttribute(
    "aria-label",
    new RegExp(`Runs: ${percent(3 / 7)} recovered over the range \\(3 of 7\\)`),
  );
  await rate.getByText("Figures by week").click();
  for (const week of weeks) {
    const invoices = inWeek(week);
    const recovered = invoices.filter((invoice) => invoice.end?.type === "invoice.paid").length;
    await expect(rate.getByRole("row", { name: week })).toHaveText(
      [week, String(invoices.length), String(recovered), percent(recovered / invoices.length)].join(""),
    );
  }

  const amount = page.getByRole("region", { name: "Amount recovered by week" });
  await expect(amount.locator(CHART_SVG)).toBeVisible();
  // A bar for each week with an amount (recharts draws none for 0).
  await expect(amount.locator(".recharts-bar-rectangle path")).toHaveCount(
    weeks.filter((week) => inWeek(week).some((invoice) => invoice.end?.type === "invoice.paid")).length,
  );
  await expect(amount.getByRole("img")).toHaveAttribute(
    "aria-label",
    new RegExp(`${formatMoney(RECOVERED, currency).replace(/[$.]/g, "\\$&")} in all`),
  );
  await amount.getByText("Figures by week").click();
  for (const week of weeks) {
    const total = inWeek(week)
      .filter((invoice) => invoice.end?.type === "invoice.paid")
      .reduce((sum, invoice) => sum + invoice.amount, 0);
    await expect(amount.getByRole("row", { name: week })).toHaveText(`${week}${formatMoney(total, currency)}`);
  }

  const runs = page.getByRole("region", { name: "Runs by week" });
  await expect(runs.locator(CHART_SVG)).toBeVisible();
  const busiest = weeks.reduce((best, week) => (inWeek(week).length > inWeek(best).length ? week : best));
  // The axis is the whole range, weeks without runs included; the summary names its busiest week.
  await expect(runs.getByRole("img")).toHaveAttribute(
    "aria-label",
    new RegExp(
      `^Runs by week, the weeks of \\d{4}-\\d{2}-\\d{2} to ${weekOf(now)}: 7 in all; the most, ${inWeek(busiest).length}, in the week of ${busiest}\\.$`,
    ),
  );
  await runs.getByText("Figures by week").click();
  for (const week of weeks) {
    await expect(runs.getByRole("row", { name: week })).toHaveText(`${week}${inWeek(week).length}`);
  }
  expect(errors).toEqual([]);
});

test("the holdout panel compares the automation with the matches it held out, in plain words", async ({ page }) => {
  await page.goto(`/outcomes?automationId=${holdout.id}`);
  const runs = held.runs.length;
  const heldOut = held.heldOut.length;
  const panel = page.getByRole("region", { name: holdout.name });
  await expect(panel).toContainText("Holds out 50 % of its matches");
  const fact = (label: string) => panel.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  await expect(fact("With the automation")).toHaveText(
    `${percent(held.paidRuns / runs)} recovered (${held.paidRuns} of ${runs} runs)`,
  );
  await expect(fact("Held out")).toHaveText(
    `${percent(held.paidHeldOut / heldOut)} recovered (${held.paidHeldOut} of ${heldOut} matches)`,
  );
  await expect(fact("Difference")).toContainText(points(held.paidRuns / runs - held.paidHeldOut / heldOut));
  await expect(fact("Difference")).toContainText(/\(95 % interval [+−]\d+\.\d points to [+−]\d+\.\d points\)/);
  // Too few matches to say anything yet, in the words the API gives too.
  const [report] = (await reportOf(holdout.id)).automations;
  expect(report!.comparison!.words).toMatch(
    new RegExp(`^Can't tell yet: ${runs} run\\(s\\) and ${heldOut} held-out match\\(es\\) so far; at least 20`),
  );
  await expect(panel).toContainText(report!.comparison!.words);
  await expect(panel).toContainText(
    "Newcombe's hybrid score interval, which holds its coverage with few matches and rates near 0 or 100 %",
  );
  // Its chart draws the held-out rate beside the automation's.
  const rate = page.getByRole("region", { name: "Recovery rate by week" });
  await expect(rate.locator(".recharts-line")).toHaveCount(2);
  await expect(rate.getByRole("img")).toHaveAttribute(
    "aria-label",
    new RegExp(`Held out: ${percent(held.paidHeldOut / heldOut)} recovered \\(${held.paidHeldOut} of ${heldOut}\\)`),
  );
  await expect(rowOf(page, holdout.name).getByText("Holds out 50 %")).toBeVisible();
});

test("the filters live in the address: a shared link opens the same view", async ({ page, browser }) => {
  await page.goto("/outcomes");
  const from = dateOf(now - 10 * DAY);
  const to = dateOf(now);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByLabel("Trigger").selectOption({ label: TRIGGER_LABEL });
  await page.getByLabel("Automation", { exact: true }).selectOption({ label: dunning.name });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?from=${from}&to=${to}&trigger=${TRIGGER}&automationId=${dunning.id}$`));
  // Ten days back leaves the first week's two invoices out.
  const inRange = DUNNING.filter((invoice) => invoice.failedAt >= Date.parse(`${from}T00:00:00Z`) / 1000);
  const recovered = inRange.filter((invoice) => invoice.end?.type === "invoice.paid");
  const expected = [String(inRange.length), `${recovered.length} (${percent(recovered.length / inRange.length)})`];
  const row = rowOf(page, dunning.name);
  await expect(row).toHaveCount(1);
  expect((await figures(row)).slice(0, 2)).toEqual(expected);
  await expect(page.getByText(`From ${from} through ${to} (UTC).`)).toBeVisible();

  // Someone else opens the link: the same filters, the same figures.
  const context = await browser.newContext({ storageState: E2E.storageState });
  const shared = await context.newPage();
  await shared.goto(page.url());
  await expect(shared.getByLabel("From", { exact: true })).toHaveValue(from);
  await expect(shared.getByLabel("To", { exact: true })).toHaveValue(to);
  await expect(shared.getByLabel("Trigger")).toHaveValue(TRIGGER);
  await expect(shared.getByLabel("Automation", { exact: true })).toHaveValue(dunning.id);
  await expect(rowOf(shared, dunning.name)).toHaveCount(1);
  expect((await figures(rowOf(shared, dunning.name))).slice(0, 2)).toEqual(expected);
  await expect(summaryTable(shared).getByRole("row")).toHaveCount(2);
  await context.close();
});

test("a bad filter says which field is wrong and shows no figures", async ({ page }) => {
  await page.goto("/outcomes?from=2026-05-10&to=2026-05-01");
  await expect(errorMessage(page)).toContainText("to: to must be after from");
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Download CSV" })).toHaveCount(0);
  // The form keeps what was asked, to correct it.
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2026-05-10");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue("2026-05-01");

  await page.goto("/outcomes?trigger=nope");
  await expect(errorMessage(page)).toContainText("trigger: trigger must be one of");
  await page.goto("/outcomes?from=yesterday");
  await expect(errorMessage(page)).toContainText("from: from must be a date");
  await page.goto("/outcomes?automationId=no-such-automation");
  await expect(errorMessage(page)).toContainText("automationId: no automation has the id no-such-automation");
  await page.getByRole("link", { name: "Show the last 90 days" }).click();
  await expect(page).toHaveURL(/\/outcomes$/);
  await expect(errorMessage(page)).toHaveCount(0);
});

test("a range without runs says so", async ({ page }) => {
  await page.goto("/outcomes?from=2001-01-01&to=2001-01-31");
  await expect(page.getByRole("heading", { name: "No runs in this range yet" })).toBeVisible();
  await expect(page.getByText(/From 2001-01-01 through 2001-01-31 \(UTC\): no Stripe event matched/)).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await page.getByRole("link", { name: "Clear filters" }).last().click();
  await expect(page).toHaveURL(/\/outcomes$/);
});

test("Download CSV gives the rows of the view, as the API's export does", async ({ page }) => {
  await page.goto(`/outcomes?automationId=${dunning.id}`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^outcomes-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const [header, ...rows] = csv
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));
  const column = (row: string[], name: string) => row[header!.indexOf(name)];
  expect(rows.every((row) => column(row, "automation_id") === dunning.id)).toBe(true);
  const all = rows.find((row) => column(row, "week") === "all")!;
  expect(
    Object.fromEntries(
      [
        "group",
        "matched",
        "recovered",
        "recovery_rate",
        "recovered_amount",
        "currency",
        "written_off",
        "voided",
        "canceled",
        "open",
        "paid_late",
        "median_hours_to_recover",
      ].map((name) => [name, column(all, name)]),
    ),
  ).toEqual({
    group: "runs",
    matched: "7",
    recovered: "3",
    recovery_rate: (3 / 7).toFixed(4),
    recovered_amount: formatMajorAmount(RECOVERED, currency),
    currency,
    written_off: "1",
    voided: "1",
    canceled: "1",
    open: "1",
    paid_late: "0",
    median_hours_to_recover: "5",
  });
  expect(rows.filter((row) => column(row, "week") !== "all").map((row) => column(row, "week"))).toEqual(
    weeksOf(DUNNING),
  );
  // The file is the API's CSV of the same filters, row for row.
  const exported = await request.get(`/api/outcomes/export?automationId=${dunning.id}`, {
    headers: { authorization: `Bearer ${E2E.apiToken}` },
  });
  expect(exported.ok()).toBe(true);
  expect(csv).toBe(await exported.text());
});

test("at 390 px wide, nothing overflows the page", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [
    `/outcomes?automationId=${holdout.id}`,
    `/outcomes?automationId=${dunning.id}`,
    "/outcomes",
    "/outcomes?from=2026-05-10&to=2026-05-01",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "Outcomes" })).toBeVisible();
    if (!path.includes("from=")) {
      await expect(page.getByRole("region", { name: "Runs by week" }).locator(CHART_SVG)).toBeVisible();
    }
    // The figures' tables too, open.
    for (const details of await page.locator("details").all()) {
      await details.evaluate((element) => element.setAttribute("open", ""));
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(390);
  }
});

test("on the live server, whose data is in PostgreSQL: a payment after a failure is counted as recovered", async ({
  page,
  playwright,
}) => {
  const live = await playwright.request.newContext({
    baseURL: LIVE_SERVER.baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${LIVE_SERVER.apiToken}` },
  });
  const name = uniqueName("Live dunning");
  const tag = tagOf(name);
  const created = await live.post("/api/automations", {
    data: {
      name,
      trigger: TRIGGER,
      holdoutPercent: 0,
      conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
      // Nothing acts before the payment: the run waits, then ends as paid.
      steps: [
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const automationId = ((await created.json()) as { id: string }).id;
  try {
    const ids = sampleIds();
    const failedAt = now - 2 * DAY;
    const invoice = { ...ids, amount: 18_000, invoiceMetadata: { e2e: tag } };
    await deliverEvent(live, "invoice.payment_failed", { ...invoice, created: failedAt }, LIVE_SERVER.webhookSecret);
    await deliverEvent(live, "invoice.paid", { ...invoice, created: failedAt + 6 * HOUR }, LIVE_SERVER.webhookSecret);

    await expect(async () => {
      const report = (await (await live.get(`/api/outcomes?automationId=${automationId}`)).json()) as {
        automations: Array<{ runs: number; recovered: number; recoveredAmount: number; medianHoursToRecover: number }>;
      };
      expect(report.automations[0]).toMatchObject({ runs: 1, recovered: 1, recoveredAmount: 18_000 });
    }).toPass({ timeout: 15_000 });

    await page.goto(`${LIVE_SERVER.baseURL}/outcomes?automationId=${automationId}`);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("100 %");
    await expect(row).toContainText(formatMoney(18_000, "usd"));
    await expect(row).toContainText("6 hours");
  } finally {
    await live.delete(`/api/automations/${automationId}?inProgress=cancel`);
    await live.dispose();
  }
});
