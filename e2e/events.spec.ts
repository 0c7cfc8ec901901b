import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, deliverEvent, uniqueName } from "./support";

/** Delivers a signed invoice event (built from real Stripe payloads) for a fresh invoice of a fresh subscription. */
const deliverInvoiceEvent = (
  request: APIRequestContext,
  type: "invoice.finalized" | "invoice.payment_failed",
  options: { invoiceMetadata: Record<string, string>; amount?: number; currency?: string },
) => deliverEvent(request, type, options);

// Each test's automations carry an invoice-metadata condition only its own events satisfy, so other
// spec files' rows on the shared server never match them; they are deleted at the end.

const tagOf = (name: string) => name.split(" ").at(-1)!;

test.describe("events", () => {
  const automationIds: string[] = [];
  const createAutomation = async (request: APIRequestContext, body: Record<string, unknown>) => {
    const created = await api(request, "POST", "/api/automations", body);
    automationIds.push(created.id as string);
    return created.id as string;
  };
  test.afterEach(async ({ request }) => {
    for (const id of automationIds.splice(0)) {
      await api(request, "DELETE", `/api/automations/${id}?inProgress=cancel`);
    }
  });

  test("an event's page tells the match trace in words: each automation in order, each value and verdict, the winner", async ({
    page,
    request,
  }) => {
    const big = uniqueName("Big invoices");
    const tag = tagOf(big);
    const everyone = `Everyone ${tag}`;
    await createAutomation(request, {
      name: big,
      trigger: "invoice_finalized",
      conditions: [
        { type: "invoice_metadata", key: "e2e", value: tag },
        { type: "invoice_amount", min: 100_000, max: null },
      ],
      steps: [{ type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } }],
    });
    await createAutomation(request, {
      name: everyone,
      trigger: "invoice_finalized",
      conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
      steps: [
        { type: "delay", amount: 1, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const { eventId, objectId } = await deliverInvoiceEvent(request, "invoice.finalized", {
      amount: 24_900,
      currency: "usd",
      invoiceMetadata: { e2e: tag },
    });

    // Found from the list by its object id; the row names the automation that matched.
    await page.goto("/events");
    await page.getByLabel("Object id").fill(objectId);
    await page.getByRole("button", { name: "Filter" }).click();
    const row = page.getByRole("row", { name: new RegExp(eventId) });
    await expect(row).toContainText("invoice.finalized");
    await expect(row).toContainText(`Invoice finalized: ${everyone} started a run`);
    await expect(row.getByText("processed")).toBeVisible();
    await row.getByRole("link", { name: eventId }).click();

    await expect(page.getByRole("heading", { level: 1, name: "invoice.finalized" })).toBeVisible();
    await expect(page.locator("main")).toContainText(objectId);
    const checked = page.getByRole("list", { name: "Automations checked for Invoice finalized" });
    const items = checked.getByRole("listitem").filter({ has: page.getByRole("link") });
    const names = await items.getByRole("link").allTextContents();
    expect(names.indexOf(big)).toBeGreaterThanOrEqual(0);
    expect(names.indexOf(big)).toBeLessThan(names.indexOf(everyone));
    expect(names.at(-1)).toBe(everyone); // the first match wins: nothing after it is checked

    const loser = checked.getByRole("listitem").filter({ has: page.getByRole("link", { name: big, exact: true }) });
    await expect(loser).toContainText("✗ did not match");
    const conditions = loser.getByRole("list", { name: `Conditions of ${big}` });
    await expect(conditions).toContainText(`Invoice metadata e2e = ${tag} — passed: found “${tag}”`);
    await expect(conditions).toContainText("Invoice amount at least $1,000.00 — failed: found $249.00");

    const winner = checked
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name: everyone, exact: true }) });
    await expect(winner).toContainText("✓ matched");
    await expect(page.getByText(`Winner: ${everyone}`)).toBeVisible();
    await page.getByRole("link", { name: "View the run it started" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Run of ${everyone}` })).toBeVisible();

    // The payload is there for the curious, folded away.
    await page.goBack();
    await page.getByText("Raw payload").click();
    await expect(page.locator("details pre")).toContainText(`"id": "${eventId}"`);
  });

  test("when no automation matches, the event says Stripe's default settings apply", async ({ page, request }) => {
    const name = uniqueName("Someone else");
    const tag = tagOf(name);
    await createAutomation(request, {
      name,
      trigger: "invoice_finalized",
      conditions: [{ type: "invoice_metadata", key: "e2e", value: `${tag}-other` }],
      steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
    });
    const { eventId, objectId } = await deliverInvoiceEvent(request, "invoice.finalized", {
      invoiceMetadata: { e2e: tag },
    });

    await page.goto(`/events/${eventId}`);
    await expect(
      page.getByText("No automation matched — Stripe's default settings apply", { exact: true }),
    ).toBeVisible({
      timeout: 15_000,
    });
    const mine = page
      .getByRole("list", { name: "Automations checked for Invoice finalized" })
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name, exact: true }) });
    await expect(mine).toContainText("✗ did not match");
    await expect(mine).toContainText(`Invoice metadata e2e = ${tag}-other — failed: found “${tag}”`);

    await page.goto(`/events?objectId=${objectId}`);
    await expect(page.getByRole("row", { name: new RegExp(eventId) })).toContainText(
      "No match — Stripe's default settings apply",
    );
  });

  test("a test event sent from the UI goes through the webhook route and starts a run", async ({ page, request }) => {
    const name = uniqueName("From the form");
    const tag = tagOf(name);
    await createAutomation(request, {
      name,
      trigger: "subscription_payment_failed",
      conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
      steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
    });

    await page.goto("/events");
    await page.getByRole("link", { name: "Send test event" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Send a test event" })).toBeVisible();

    await page.getByRole("radio", { name: /Subscription payment failed/ }).check();
    await page.getByLabel("Invoice amount").fill("1200.50");
    await page.getByLabel("Currency").fill("eur");
    await page.getByLabel("Billing interval").selectOption("Yearly");
    await page.getByLabel("Invoice metadata key").fill("e2e");
    // A key without a value is refused next to the field, and nothing is sent.
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("The test event is not valid");
    await expect(page.getByLabel("Invoice metadata value")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("give a value for the key", { exact: true })).toBeVisible();

    await page.getByLabel("Invoice metadata value").fill(tag);
    await page.getByRole("button", { name: "Send test event" }).click();
    const sent = page.locator("main").getByRole("status").filter({ hasText: "Sent" });
    await expect(sent).toContainText("Sent invoice.payment_failed");
    // The values stay in the form for the next one.
    await expect(page.getByLabel("Invoice amount")).toHaveValue("1200.50");
    await expect(page.getByRole("radio", { name: /Subscription payment failed/ })).toBeChecked();

    await sent.getByRole("link", { name: /View the event/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "invoice.payment_failed" })).toBeVisible();
    await expect(page.getByText(`Winner: ${name}`)).toBeVisible({ timeout: 15_000 });
    await expect(page.locator("details pre")).toContainText('"currency": "eur"');
    await expect(page.locator("details pre")).toContainText('"amount_due": 120050');
    await page.getByRole("link", { name: "View the run it started" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Run of ${name}` })).toBeVisible();
  });
});
