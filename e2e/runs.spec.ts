import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import { sampleIds } from "../lib/samples/sample-events";
import { LIVE_SERVER } from "../playwright.config";
import { api, deliverEvent, uniqueName } from "./support";

/** The live server's Stripe and SMTP peers: seed objects, inject a fault (test/support/e2e-peers.ts). */
async function control(path: string, body: unknown) {
  const response = await fetch(`${LIVE_SERVER.control}${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
}

/**
 * The run an automation started, once the event has started it (setup, not what a test is about).
 * `request` carries the server's API token (the main server's is added here).
 */
async function runOf(request: APIRequestContext, automationId: string, withToken = false): Promise<string> {
  let runId = "";
  await expect(async () => {
    const path = `/api/runs?automationId=${automationId}`;
    const { runs } = (withToken ? await (await request.get(path)).json() : await api(request, "GET", path)) as {
      runs: Array<{ id: string }>;
    };
    expect(runs).toHaveLength(1);
    runId = runs[0]!.id;
  }).toPass({ timeout: 10_000 });
  return runId;
}

/** Delivers a signed invoice event (built from real Stripe payloads) for a fresh invoice of a fresh subscription. */
const deliverInvoiceEvent = (
  request: APIRequestContext,
  type: "invoice.finalized" | "invoice.payment_failed",
  options: { invoiceMetadata: Record<string, string>; amount?: number; currency?: string },
) => deliverEvent(request, type, options);

// Each test makes its own automation with an invoice-metadata condition only its own events carry,
// so rows other spec files create on the shared server never match, and deletes it at the end.

const tagOf = (name: string) => name.split(" ").at(-1)!;

async function createAutomation(request: APIRequestContext, body: Record<string, unknown>) {
  const created = await api(request, "POST", "/api/automations", body);
  return created.id as string;
}

/** A step of the timeline, found by its heading. */
const stepItem = (timeline: Locator, label: string | RegExp) => timeline.getByRole("listitem", { name: label });
const fact = (scope: Locator, label: string) =>
  scope.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");

test.describe("a run's page", () => {
  const automationIds: string[] = [];
  test.afterEach(async ({ request }) => {
    for (const id of automationIds.splice(0)) {
      await api(request, "DELETE", `/api/automations/${id}?inProgress=cancel`);
    }
  });

  test("shows the step timeline with due, started and finished times and the dry-run write; canceling ends the run", async ({
    page,
    request,
  }) => {
    const name = uniqueName("Timeline");
    const tag = tagOf(name);
    automationIds.push(
      await createAutomation(request, {
        name,
        trigger: "subscription_payment_failed",
        conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
        steps: [
          { type: "action", action: "mark_invoice_uncollectible" },
          { type: "delay", amount: 1, unit: "hours" },
          { type: "action", action: "cancel_subscription" },
        ],
      }),
    );
    const { eventId, objectId } = await deliverInvoiceEvent(request, "invoice.payment_failed", {
      invoiceMetadata: { e2e: tag },
    });

    // Open it from the runs list, filtered to this automation.
    await page.goto("/runs");
    await page.getByLabel("Automation").selectOption({ label: name });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/automationId=/);
    const row = page.getByRole("row", { name: new RegExp(objectId) });
    await expect(row).toContainText(name);
    await expect(row).toContainText("dry-run");
    await row.getByRole("link", { name: objectId }).click();

    await expect(page.getByRole("heading", { level: 1, name: `Run of ${name}` })).toBeVisible();
    await expect(page.getByText("Dry-run: Stripe writes were recorded, not sent.")).toBeVisible();
    const stripeLink = page.getByRole("link", { name: /Open in Stripe/ });
    await expect(stripeLink).toHaveAttribute("href", `https://dashboard.stripe.com/test/invoices/${objectId}`);
    await expect(stripeLink).toHaveAttribute("target", "_blank");
    await expect(stripeLink).toHaveAttribute("rel", "noreferrer");
    await expect(page.getByRole("link", { name: eventId })).toHaveAttribute("href", `/events/${eventId}`);

    const timeline = page.getByRole("list", { name: "Step timeline" });
    await expect(timeline.locator(":scope > li")).toHaveCount(2);
    // The first step is due at once; the worker, told of the new run, starts it and the page updates itself.
    const writeOff = stepItem(timeline, "Mark invoice uncollectible");
    await expect(writeOff.getByText("succeeded", { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(writeOff).toContainText(`would POST /v1/invoices/${objectId}/mark_uncollectible (dry-run, not sent)`);
    await expect(writeOff.getByText("dry-run", { exact: true })).toBeVisible();
    for (const label of ["Due", "Started", "Finished"]) {
      await expect(fact(writeOff, label).locator("time")).toBeVisible();
    }
    await expect(fact(writeOff, "Attempts")).toHaveText("1");

    const cancel = stepItem(timeline, "Cancel subscription");
    await expect(cancel).toContainText("After: Wait 1 hour");
    await expect(cancel.getByText("pending", { exact: true })).toBeVisible();
    await expect(fact(cancel, "Due")).toContainText(/in (1 hour|\d+ minutes)/);
    await expect(fact(cancel, "Started")).toHaveText("—");

    // Escape backs out of the confirmation; confirming cancels the step that has not started.
    await page.getByRole("button", { name: "Cancel run" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this run?" });
    await expect(dialog).toContainText("Its 1 step that has not started will be canceled.");
    await expect(dialog.getByRole("button", { name: "Keep it running" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(fact(page.locator("main"), "Status")).toContainText("running");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await dialog.getByRole("button", { name: "Cancel run" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator("#run-status")).toBeFocused();
    await expect(fact(page.locator("main"), "Status")).toContainText("canceled by admin");
    await expect(cancel.getByText("canceled", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  });

  test("a dry-run email step shows the message it would have sent, rendered, and sends nothing", async ({
    page,
    request,
  }) => {
    const name = uniqueName("Message");
    const tag = tagOf(name);
    const automationId = await createAutomation(request, {
      name,
      trigger: "subscription_payment_failed",
      conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
      steps: [
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: `Look at ${tag}` } },
      ],
    });
    automationIds.push(automationId);
    await deliverInvoiceEvent(request, "invoice.payment_failed", { invoiceMetadata: { e2e: tag } });
    const runId = await runOf(request, automationId);

    await page.goto(`/runs/${runId}`);
    await expect(fact(page.locator("main"), "Status")).toContainText("succeeded", { timeout: 20_000 });
    const email = stepItem(page.getByRole("list", { name: "Step timeline" }), /Send team email/);
    await expect(email).toContainText("would email ops@example.com (dry-run, not sent)");
    await email.getByText("Email would be sent").click();
    await expect(email.getByLabel("Email text")).toContainText(`Look at ${tag}`);
    await expect(email).toContainText(`[${name}]`);
    // The HTML as the recipient would see it, in a frame that can run nothing.
    const html = email.locator("iframe");
    await expect(html).toHaveAttribute("sandbox", "");
    await expect(page.frameLocator(`iframe[title^="The email's HTML"]`).getByText(`Look at ${tag}`)).toBeVisible();
  });
});

test.describe("a run on the live server (Stripe and SMTP for real)", () => {
  test("a step Stripe refused is retried from the page: it runs again, with fresh keys, and this time it works", async ({
    page,
    playwright,
  }) => {
    const liveApi = await playwright.request.newContext({
      baseURL: LIVE_SERVER.baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${LIVE_SERVER.apiToken}` },
    });
    const name = uniqueName("Retry");
    const tag = tagOf(name);
    const created = await liveApi.post("/api/automations", {
      data: {
        name,
        trigger: "subscription_payment_failed",
        conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
        steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const automationId = ((await created.json()) as { id: string }).id;
    // Stripe has the invoice; it refuses the first write-off, once.
    const ids = sampleIds();
    await control("/seed", {
      ...ids,
      eventType: "invoice.payment_failed",
      attemptCount: 1,
      invoiceMetadata: { e2e: tag },
    });
    await control("/fail-next", {
      matcher: { method: "POST", path: `/v1/invoices/${ids.invoiceId}/mark_uncollectible` },
      fault: { kind: "api_error", status: 400, message: `Refused for ${tag}` },
    });
    const { eventId } = await deliverEvent(
      liveApi,
      "invoice.payment_failed",
      { ...ids, invoiceMetadata: { e2e: tag } },
      LIVE_SERVER.webhookSecret,
    );
    const runId = await runOf(liveApi, automationId, true);

    await page.goto(`${LIVE_SERVER.baseURL}/runs/${runId}`);
    const status = fact(page.locator("main"), "Status");
    await expect(status).toContainText("failed", { timeout: 20_000 });
    await expect(status).toContainText(`Refused for ${tag}`);
    const step = stepItem(page.getByRole("list", { name: "Step timeline" }), /Mark invoice uncollectible/);
    await expect(step).toContainText(`Error: Refused for ${tag}`);
    await expect(fact(step, "Attempts")).toHaveText("1");
    // Numbered as the editor numbers it, named in words.
    await expect(status).toContainText("step 1 (Mark invoice uncollectible) failed");

    // The event's trace does not show the winner as a success while its run has failed.
    await page.goto(`${LIVE_SERVER.baseURL}/events/${eventId}`);
    const winner = page.getByText(/^Winner: /);
    await expect(winner).toContainText("Its run failed: step 1 (Mark invoice uncollectible) failed");
    await expect(winner).toHaveClass(/bg-red-50/);
    await page.goto(`${LIVE_SERVER.baseURL}/runs/${runId}`);

    await step.getByRole("button", { name: /Retry step/ }).click();
    await expect(page.getByText("Step retried: Mark invoice uncollectible is due now")).toBeVisible();
    // The workers are told at once; Stripe takes it this time, and the page follows it there.
    await expect(status).toContainText("succeeded", { timeout: 20_000 });
    await expect(fact(step, "Attempts")).toHaveText("2");
    await expect(step).toContainText("sent to Stripe");
    await expect(step.getByRole("button", { name: /Retry step/ })).toHaveCount(0);
    await liveApi.delete(`/api/automations/${automationId}?inProgress=cancel`);
    await liveApi.dispose();
  });
});

test.describe("the runs list", () => {
  test("says what to do when no run matches the filters", async ({ page }) => {
    await page.goto("/runs?status=failed&automationId=no-such-automation");
    await expect(page.getByRole("heading", { name: "No runs match these filters" })).toBeVisible();
    await page.getByRole("link", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/runs$/);
  });

  // The status stays 200: app/(admin)/loading.tsx streams the page before it can say "not found".
  test("a run that does not exist says so, with a way back", async ({ page }) => {
    await page.goto("/runs/no-such-run");
    await expect(page.getByRole("heading", { level: 1, name: "Run not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to runs" }).click();
    await expect(page).toHaveURL(/\/runs$/);
  });

  test("an unknown status is refused in words", async ({ page }) => {
    await page.goto("/runs?status=sleeping");
    await expect(page.locator("main").getByRole("alert")).toContainText("status must be one of");
  });
});
