import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { sampleIds } from "../lib/samples/sample-events";
import { api, deliverEvent, uniqueName } from "./support";

// The runs and events lists as an ops team searches them: one box for any id or an email, dates and
// amounts, all kept in the address so a link shows the same list. Each test's rows carry ids and
// a tag of their own, so other spec files' rows on the shared server never get in the way.

const tagOf = (name: string) => name.split(" ").at(-1)!;

async function waitForRun(request: APIRequestContext, invoiceId: string) {
  await expect
    .poll(async () => ((await api(request, "GET", `/api/runs?q=${invoiceId}`)).runs as unknown[]).length)
    .toBe(1);
}

/** The rows of the list's table (the header row left out). */
const rows = (page: Page) => page.getByRole("table").locator("tbody tr");

test.describe("finding events and runs", () => {
  const automationIds: string[] = [];
  test.afterEach(async ({ request }) => {
    for (const id of automationIds.splice(0)) {
      await api(request, "DELETE", `/api/automations/${id}?inProgress=cancel`);
    }
  });

  test("the events list finds a customer's events by typing the id, keeps the search in the address, and narrows by amount", async ({
    page,
    request,
  }) => {
    const ids = sampleIds();
    const big = await deliverEvent(request, "invoice.finalized", { ...ids, amount: 25_000 });
    const other = sampleIds();
    await deliverEvent(request, "invoice.finalized", { ...other, customerId: ids.customerId, amount: 900 });

    await page.goto("/events");
    const search = page.getByRole("searchbox", { name: "Search" });
    await search.fill(ids.customerId);
    await search.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]q=${ids.customerId}`));
    await expect(rows(page)).toHaveCount(2);
    await expect(rows(page).first()).toContainText(ids.customerId);

    await page.getByRole("textbox", { name: "Amount from" }).fill("100");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/amountMin=100/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(big.eventId);
    await expect(rows(page).first()).toContainText("$250.00");

    // The address is the view: opened afresh (a link a colleague was sent), it shows the same.
    const shared = page.url();
    await page.goto("/events");
    await page.goto(shared);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(ids.customerId);
    await expect(page.getByRole("textbox", { name: "Amount from" })).toHaveValue("100");
    await expect(rows(page)).toHaveCount(1);

    await page.getByRole("textbox", { name: "Amount from" }).fill("a lot");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByText("Amount from: enter an amount in USD")).toBeVisible();
  });

  test("the runs list finds a run by its invoice, by email and by date, and shows its customer and amount", async ({
    page,
    request,
  }) => {
    const name = uniqueName("Find runs");
    const tag = tagOf(name);
    const created = await api(request, "POST", "/api/automations", {
      name,
      trigger: "invoice_finalized",
      conditions: [{ type: "invoice_metadata", key: "e2e", value: tag }],
      steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
    });
    automationIds.push(created.id as string);
    const ids = sampleIds();
    await deliverEvent(request, "invoice.finalized", { ...ids, amount: 31_400, invoiceMetadata: { e2e: tag } });
    await waitForRun(request, ids.invoiceId);

    await page.goto(`/runs?q=${ids.invoiceId}`);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(name);
    await expect(rows(page).first()).toContainText("$314.00");

    const email = (
      (await api(request, "GET", `/api/runs?q=${ids.invoiceId}`)).runs as Array<{ customerEmail: string }>
    )[0]!.customerEmail;
    await page.getByRole("searchbox", { name: "Search" }).fill(email.toUpperCase());
    await page.getByRole("combobox", { name: "Automation" }).selectOption({ label: name });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(email);

    await page.getByLabel("To", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("heading", { name: "No runs match these filters" })).toBeVisible();
    await expect(page).toHaveURL(/to=2020-01-01/);
  });

  test("an unknown API path or method answers JSON, not the HTML page", async ({ request }) => {
    const unknown = await request.get("/api/nothing-here");
    expect(unknown.status()).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: "no API route at /api/nothing-here" } });
    const refused = await request.delete("/api/events");
    expect(refused.status()).toBe(405);
    expect(refused.headers()["allow"]).toBe("GET, HEAD");
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/DELETE is not allowed/);
  });
});
