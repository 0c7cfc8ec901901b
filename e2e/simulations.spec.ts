import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, deliverEvent, uniqueName } from "./support";

// Knowing before it goes live, as the ops team uses it: Simulate in the editor and in the priority
// panel, the test clock beside the editor, Run for… on an automation's page, and automations in
// shadow on an event's page. Every automation here matches only this file's tagged events.

const created: string[] = [];
test.afterEach(async ({ request }) => {
  for (const id of created.splice(0)) {
    await api(request, "DELETE", `/api/automations/${id}?inProgress=cancel`).catch(() => undefined);
  }
});

const newTag = () => Math.random().toString(36).slice(2, 10);

async function automation(request: APIRequestContext, body: Record<string, unknown>) {
  const saved = (await api(request, "POST", "/api/automations", {
    trigger: "subscription_payment_failed",
    steps: [{ type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } }],
    ...body,
  })) as { id: string; name: string };
  created.push(saved.id);
  return saved;
}

const tagged = (tag: string) => [{ type: "invoice_metadata", key: "e2e_sim", value: tag }];

/** A first failed payment of a fresh invoice carrying the tag; its invoice id. */
async function failure(request: APIRequestContext, tag: string) {
  const { objectId, eventId } = await deliverEvent(request, "invoice.payment_failed", {
    invoiceMetadata: { e2e_sim: tag },
  });
  return { invoiceId: objectId, eventId };
}

test("Simulate in the editor shows which past events an edit would hand to another automation", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const saved = await automation(request, { name: uniqueName("E2E sim"), conditions: tagged(tag) });
  await failure(request, tag);
  await failure(request, tag);

  await page.goto(`/automations/${saved.id}`);
  // Narrow it so it no longer matches this file's events.
  await page.getByRole("group", { name: "Condition 1" }).getByLabel("Value").fill(`${tag}-narrowed`);
  const section = page.getByRole("region", { name: "Know before it goes live" });
  await section.getByRole("button", { name: "Simulate" }).click();
  await expect(section.getByRole("status").first()).toContainText("would change hands");
  const table = section.getByRole("table", { name: "What past events would have done with this automation" });
  const rows = table.getByRole("row").filter({ hasText: saved.name });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("changes");
  // Nothing was saved.
  const stored = (await api(request, "GET", `/api/automations/${saved.id}`)) as {
    conditions: Array<{ value: string }>;
  };
  expect(stored.conditions[0]?.value).toBe(tag);
});

test("the test clock beside the editor follows one invoice through retries to where it ends", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const { invoiceId } = await failure(request, tag);
  await page.goto("/automations/new?trigger=subscription_payment_failed");
  await page.getByLabel("Name").fill(uniqueName("E2E clock"));
  await page.getByRole("button", { name: "Add action" }).click();
  const step = page.getByRole("group", { name: "Step 1: Action" });
  await step.getByLabel("Action").selectOption({ label: "Set retry policy" });
  await step.getByLabel("Retry 1: amount").fill("2");
  await step.getByRole("button", { name: "+ Add retry" }).click();
  await step.getByLabel("Retry 2: amount").fill("5");

  const section = page.getByRole("region", { name: "Know before it goes live" });
  await section.getByLabel("Invoice id").fill(invoiceId);
  await section.getByLabel("The customer pays").selectOption({ label: "at retry 2" });
  await section.getByRole("button", { name: "Show the path" }).click();
  const path = section.getByRole("list", { name: "The path over time" });
  await expect(path.getByRole("listitem")).toHaveCount(3);
  await expect(path.getByRole("listitem").nth(1)).toContainText("Day 2");
  await expect(path.getByRole("listitem").nth(1)).toContainText("declined");
  await expect(path.getByRole("listitem").nth(2)).toContainText(`would POST /v1/invoices/${invoiceId}/pay`);
  await expect(section.getByText(/Ends Day 5 .*: invoice was paid \(the assumed outcome\)\./)).toBeVisible();
});

test("Simulate this order in the priority panel shows what the new order would change, before Save", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const first = await automation(request, { name: uniqueName("E2E first"), conditions: tagged(tag) });
  const second = await automation(request, { name: uniqueName("E2E second"), conditions: tagged(tag) });
  await failure(request, tag);

  await page.goto("/automations");
  await page.getByRole("button", { name: "Update priority of Subscription payment failed" }).click();
  const panel = page.getByRole("dialog", { name: "Set priority: Subscription payment failed" });
  const rows = panel.getByRole("list", { name: "Priority order, first checked first" }).getByRole("listitem");
  const names = await rows.evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));
  const from = names.findIndex((text) => text.includes(second.name));
  for (let i = 0; i < from; i++) {
    await panel.getByRole("button", { name: `Move ${second.name} up` }).click();
  }
  await panel.getByRole("button", { name: "Simulate this order" }).click();
  const table = panel.getByRole("table", { name: "What past events would have done in this order" });
  const moved = table.getByRole("row").filter({ hasText: first.name });
  await expect(moved).toHaveCount(1);
  await expect(moved).toContainText(second.name);
  await expect(moved).toContainText("changes");
  await panel.getByRole("button", { name: "Cancel" }).click();
  const order = ((await api(request, "GET", "/api/automations")) as { automations: Array<{ id: string }> }).automations;
  expect(order.findIndex((item) => item.id === first.id)).toBeLessThan(
    order.findIndex((item) => item.id === second.id),
  );
});

test("Run for… previews an invoice's path, then starts the run, recorded as started by hand", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const saved = await automation(request, { name: uniqueName("E2E by hand"), conditions: tagged(tag) });
  // An invoice no automation took: its failure carried another tag.
  const { invoiceId } = await failure(request, `${tag}-other`);
  await page.goto(`/automations/${saved.id}`);
  await page.getByRole("button", { name: "Run for…" }).click();
  const dialog = page.getByRole("dialog", { name: `Run “${saved.name}” for one invoice` });
  await dialog.getByLabel("Invoice id").fill(invoiceId);
  await expect(dialog.getByRole("button", { name: "Start run" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("list", { name: "The path over time" })).toContainText("would email ops@example.com");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  await expect(page.getByText("Started by hand, recorded as")).toBeVisible();
});

test("an automation in shadow shows on the event's page what it would have done, and starts nothing", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const shadow = await automation(request, { name: uniqueName("E2E shadow"), shadow: true, conditions: tagged(tag) });
  const { eventId } = await failure(request, tag);
  await page.goto(`/events/${eventId}`);
  const section = page.getByRole("region", { name: "In shadow" });
  await expect(section).toContainText(`“${shadow.name}”`);
  await expect(section).toContainText("would have matched");
  await expect(section.getByRole("list", { name: `Steps “${shadow.name}” would have run` })).toContainText(
    "Send team email",
  );
  const { runs } = (await api(request, "GET", `/api/runs?automationId=${shadow.id}`)) as { runs: unknown[] };
  expect(runs).toEqual([]);
});
