import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";
import { api, deliverEvent, uniqueName } from "./support";

// The automations pages as the ops team uses them. Other spec files share this server and database,
// so every automation here carries an invoice-metadata condition only this file's events carry, is
// found by a unique name, and is deleted at the end.

interface Automation {
  id: string;
  name: string;
  trigger: string;
  status: string;
  priority: number;
  conditions: unknown[];
  steps: unknown[];
}

interface Run {
  id: string;
  automationId: string;
  objectId: string;
  status: string;
}

const created: string[] = [];

/**
 * Sends a signed invoice.payment_failed (first attempt) through the product's own `send-event`
 * command, as an operator would, and returns the invoice id the run will belong to.
 */
async function paymentFailed(tag: string): Promise<{ objectId: string }> {
  const { stdout } = await promisify(execFile)(
    "node_modules/.bin/tsx",
    [
      "scripts/send-event.ts",
      "invoice.payment_failed",
      "--attempt",
      "1",
      "--invoice-metadata",
      `e2e_tag=${tag}`,
      "--url",
      E2E.baseURL,
    ],
    { env: { ...process.env, STRIPE_WEBHOOK_SECRET: E2E.webhookSecret } },
  );
  const objectId = /\(object (\S+)\)/.exec(stdout)?.[1];
  if (!objectId) throw new Error(`send-event printed no object id: ${stdout}`);
  return { objectId };
}

// Deleted with their runs canceled, so nothing of this file is left to match or to run.
test.afterEach(async ({ request }) => {
  for (const id of created.splice(0)) {
    // A test that deleted its automation itself gets a 404 here, which is fine.
    await request.fetch(`/api/automations/${id}?inProgress=cancel`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${E2E.apiToken}` },
    });
  }
});

/** A tag only this test's events carry: the automations below match nothing else. */
const newTag = () => Math.random().toString(36).slice(2, 10);

async function createAutomation(
  request: APIRequestContext,
  name: string,
  tag: string,
  trigger = "subscription_payment_failed",
): Promise<Automation> {
  const automation = (await api(request, "POST", "/api/automations", {
    name,
    trigger,
    conditions: [{ type: "invoice_metadata", key: "e2e_tag", value: tag }],
    // The delay keeps runs in progress for the length of a test.
    steps: [
      { type: "delay", amount: 1, unit: "days" },
      { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
    ],
  })) as unknown as Automation;
  created.push(automation.id);
  return automation;
}

async function listAutomations(request: APIRequestContext): Promise<Automation[]> {
  return ((await api(request, "GET", "/api/automations")) as { automations: Automation[] }).automations;
}

/** Puts an automation first on its trigger, so another file's catch-all cannot take this file's events. */
async function putFirst(request: APIRequestContext, automation: Automation) {
  const others = (await listAutomations(request))
    .filter((item) => item.trigger === automation.trigger && item.id !== automation.id)
    .map((item) => item.id);
  await api(request, "PUT", "/api/automations/priority", {
    trigger: automation.trigger,
    ids: [automation.id, ...others],
  });
}

async function runsOf(request: APIRequestContext, automationId: string): Promise<Run[]> {
  return ((await api(request, "GET", `/api/runs?automationId=${automationId}`)) as { runs: Run[] }).runs;
}

function rowOf(page: Page, name: string): Locator {
  return page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) });
}

test.describe("automations", () => {
  test("creates an automation with two conditions and three steps, and lists it with its summary", async ({
    page,
    request,
  }) => {
    const name = uniqueName("E2E dunning alert");
    const tag = newTag();
    await page.goto("/automations");
    await expect(page.getByRole("heading", { level: 1, name: "Automations" })).toBeVisible();
    // Stripe's shortcut: n opens a new automation (announced once the page is ready for it).
    await expect(page.locator('a[href="/automations/new"][aria-keyshortcuts="n"]')).toHaveCount(1);
    await page.keyboard.press("n");
    await expect(page).toHaveURL(/\/automations\/new$/);

    await page.getByLabel("Name").fill(name);
    await page.getByRole("radio", { name: "Invoice finalized" }).check();

    await page.getByRole("button", { name: "Add condition" }).click();
    const first = page.getByRole("group", { name: "Condition 1" });
    await first.getByLabel("Type").selectOption({ label: "Invoice metadata" });
    await first.getByLabel("Key").fill("e2e_tag");
    await first.getByLabel("Value").fill(tag);
    await page.getByRole("button", { name: "Add condition" }).click();
    const second = page.getByRole("group", { name: "Condition 2" });
    await second.getByLabel("Type").selectOption({ label: "Invoice amount" });
    await second.getByLabel("Minimum amount (USD)").fill("500.00");

    await page.getByRole("button", { name: "Add action" }).click();
    const email = page.getByRole("group", { name: "Step 1: Action" });
    await email.getByLabel("Action").selectOption({ label: "Send team email" });
    await email.getByLabel("Recipients").fill("ops@example.com");
    await email.getByLabel("Recipients").press("Enter");
    await expect(email.getByRole("button", { name: "Remove recipient ops@example.com" })).toBeVisible();
    await email.getByLabel("Memo").fill("A large invoice was finalized");
    await page.getByRole("button", { name: "Add delay" }).click();
    const delay = page.getByRole("group", { name: "Step 2: Delay" });
    await delay.getByLabel("Wait").fill("3");
    await delay.getByLabel("Unit").selectOption("days");
    await page.getByRole("button", { name: "Add action" }).click();
    await page
      .getByRole("group", { name: "Step 3: Action" })
      .getByLabel("Action")
      .selectOption({ label: "Mark invoice uncollectible" });

    await page.getByRole("button", { name: "Save automation" }).click();
    // With other automations on the trigger, the priority panel asks where to place the new one.
    const panel = page.getByRole("dialog", { name: /Set priority/ });
    await expect(panel.or(page.getByRole("heading", { level: 1, name: "Automations" }))).toBeVisible();
    if (await panel.isVisible()) await panel.getByRole("button", { name: "Keep it last" }).click();
    await expect(page).toHaveURL(/\/automations$/);

    const row = rowOf(page, name);
    await expect(row).toContainText(`Invoice metadata e2e_tag = ${tag} and Invoice amount at least $500.00`);
    await expect(row).toContainText("Send team email to ops@example.com");
    await expect(row).toContainText("Wait 3 days");
    await expect(row).toContainText("Mark invoice uncollectible");
    await expect(row).toContainText("Last run: never");
    await expect(row.getByRole("switch", { name: `Active: ${name}` })).toHaveAttribute("aria-checked", "true");

    const saved = (await listAutomations(request)).find((automation) => automation.name === name);
    expect(saved).toBeDefined();
    created.push(saved!.id);
    expect(saved).toMatchObject({
      trigger: "invoice_finalized",
      status: "active",
      conditions: [
        { type: "invoice_metadata", key: "e2e_tag", value: tag },
        { type: "invoice_amount", min: 50_000, max: null },
      ],
      steps: [
        {
          type: "action",
          action: "send_team_email",
          params: { to: ["ops@example.com"], memo: "A large invoice was finalized" },
        },
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
  });

  test("an invalid form shows each error next to its field and saves nothing", async ({ page, request }) => {
    const name = uniqueName("E2E invalid");
    await page.goto("/automations/new");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Add condition" }).click();
    const amount = page.getByRole("group", { name: "Condition 1" });
    await amount.getByLabel("Type").selectOption({ label: "Invoice amount" });
    await amount.getByLabel("Minimum amount (USD)").fill("12.345");
    await page.getByRole("button", { name: "Save automation" }).click();

    await expect(page.getByRole("alert").filter({ hasText: "The automation was not saved" })).toBeVisible();
    const minimum = amount.getByLabel("Minimum amount (USD)");
    await expect(minimum).toHaveAttribute("aria-invalid", "true");
    await expect(minimum).toHaveAccessibleDescription(/USD amounts have at most 2 decimals/);
    const trigger = page.getByRole("radio", { name: "Invoice finalized" });
    await expect(trigger).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("group", { name: "Trigger" })).toHaveAccessibleDescription(/Choose a trigger/);
    await expect(page.getByText("Steps must include at least one action")).toBeVisible();
    // The first field with a problem gets the focus.
    await expect(page.getByRole("radio").first()).toBeFocused();

    // Fixing one field and breaking another: errors follow as the person types.
    await minimum.fill("12.34");
    await expect(minimum).not.toHaveAttribute("aria-invalid", "true");
    await page.getByRole("radio", { name: "Subscription canceled" }).check();
    await page.getByRole("button", { name: "Add action" }).click();
    const step = page.getByRole("group", { name: "Step 1: Action" });
    await step.getByLabel("Action").selectOption({ label: "Send cancellation email" });
    await step.getByLabel("Survey link").fill("not a url");
    await page.getByRole("button", { name: "Save automation" }).click();
    const survey = step.getByLabel("Survey link");
    await expect(survey).toHaveAttribute("aria-invalid", "true");
    await expect(survey).toHaveAccessibleDescription(/Survey link must be an http:\/\/ or https:\/\/ URL/);
    await expect(survey).toBeFocused();
    // A non-blocking warning: an invoice condition on a subscription trigger never holds.
    await expect(page.getByText(/never holds on subscription_canceled/)).toBeVisible();

    await expect(page).toHaveURL(/\/automations\/new$/);
    expect((await listAutomations(request)).some((automation) => automation.name === name)).toBe(false);
  });

  test("dragging with the keyboard reorders a trigger, and the new order decides which automation runs", async ({
    page,
    request,
  }) => {
    const tag = newTag();
    const first = await createAutomation(request, uniqueName("E2E order A"), tag);
    const second = await createAutomation(request, uniqueName("E2E order B"), tag);

    await page.goto("/automations");
    await page.getByRole("button", { name: "Update priority of Subscription payment failed" }).click();
    const panel = page.getByRole("dialog", { name: "Set priority: Subscription payment failed" });
    await expect(panel).toBeVisible();
    const items = panel.getByRole("listitem");
    const names = await items.evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ""));
    const from = names.findIndex((text) => text.includes(second.name));
    expect(from).toBeGreaterThan(names.findIndex((text) => text.includes(first.name)));

    // Lift B with Space, move it to the top with the arrow keys, drop it with Space.
    const live = panel.getByRole("status");
    await panel.getByRole("button", { name: `Drag ${second.name}` }).focus();
    await page.keyboard.press("Space");
    await expect(live).toContainText(`Picked up ${second.name}`);
    for (let position = from; position >= 1; position -= 1) {
      await page.keyboard.press("ArrowUp");
      await expect(live).toContainText(`${second.name} moved to position ${position} of`);
    }
    await page.keyboard.press("Space");
    await expect(live).toContainText(`${second.name} dropped at position 1`);
    await expect(items.first()).toContainText(second.name);

    await panel.getByRole("button", { name: "Save order" }).click();
    await expect(panel).toBeHidden();
    // Said on screen, not only to a screen reader.
    await expect(page.getByText(/^New order saved for Subscription payment failed: “/)).toBeVisible();
    const order = (await listAutomations(request)).filter((item) => item.trigger === "subscription_payment_failed");
    expect(order[0]?.id).toBe(second.id);
    expect(order.findIndex((item) => item.id === first.id)).toBeGreaterThan(0);

    // Both match the next event; the first in the saved order runs it.
    const { objectId } = await paymentFailed(tag);
    await expect.poll(async () => (await runsOf(request, second.id)).map((run) => run.objectId)).toEqual([objectId]);
    expect(await runsOf(request, first.id)).toEqual([]);
  });

  test("the Move up and Move down buttons reorder too, and Cancel discards the change", async ({ page, request }) => {
    const tag = newTag();
    const first = await createAutomation(request, uniqueName("E2E buttons A"), tag, "invoice_overdue");
    const second = await createAutomation(request, uniqueName("E2E buttons B"), tag, "invoice_overdue");
    const before = (await listAutomations(request)).filter((item) => item.trigger === "invoice_overdue");

    await page.goto(`/automations/${second.id}`);
    await page.getByRole("button", { name: "Update priority of Invoice overdue" }).click();
    const panel = page.getByRole("dialog", { name: "Set priority: Invoice overdue" });
    const up = panel.getByRole("button", { name: `Move ${second.name} up` });
    await up.click();
    // Focus stays on the row that moved.
    await expect(panel.locator("button:focus")).toHaveAccessibleName(new RegExp(`^Move ${second.name} (up|down)$`));
    const names = await panel.getByRole("listitem").allTextContents();
    expect(names.findIndex((text) => text.includes(second.name))).toBeLessThan(
      names.findIndex((text) => text.includes(first.name)),
    );
    await panel.getByRole("button", { name: "Cancel" }).click();
    await expect(panel).toBeHidden();
    const after = (await listAutomations(request)).filter((item) => item.trigger === "invoice_overdue");
    expect(after.map((item) => item.id)).toEqual(before.map((item) => item.id));
  });

  test("a new order that would take events from another automation says which, once saved", async ({
    page,
    request,
  }) => {
    const tag = newTag();
    const first = await createAutomation(request, uniqueName("E2E shadowed A"), tag, "invoice_overdue");
    const second = await createAutomation(request, uniqueName("E2E shadowing B"), tag, "invoice_overdue");
    // An overdue invoice of this test's own: A, checked first, takes it.
    await deliverEvent(request, "invoice.overdue", { invoiceMetadata: { e2e_tag: tag } });
    await expect.poll(async () => (await runsOf(request, first.id)).length).toBe(1);

    await page.goto("/automations");
    await page.getByRole("button", { name: "Update priority of Invoice overdue" }).click();
    const panel = page.getByRole("dialog", { name: "Set priority: Invoice overdue" });
    while (
      (await panel.getByRole("listitem").allTextContents()).findIndex((text) => text.includes(second.name)) >
      (await panel.getByRole("listitem").allTextContents()).findIndex((text) => text.includes(first.name))
    ) {
      await panel.getByRole("button", { name: `Move ${second.name} up` }).click();
    }
    await panel.getByRole("button", { name: "Save order" }).click();
    await expect(panel).toBeHidden();
    await expect(page.getByText(/would have gone to another automation/)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(`1 event that went to “${first.name}” would now go to “${second.name}”`)).toBeVisible();
  });

  test("leaving the editor with unsaved changes asks first, and staying keeps them", async ({ page, request }) => {
    const automation = await createAutomation(request, uniqueName("E2E unsaved"), newTag());
    await page.goto(`/automations/${automation.id}`);
    await page.getByLabel("Name").fill(`${automation.name} changed`);

    const questions: string[] = [];
    page.once("dialog", (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "Cancel" }).click();
    expect(questions).toEqual(["Leave this page? Your changes are not saved."]);
    await expect(page).toHaveURL(new RegExp(`/automations/${automation.id}$`));
    await expect(page.getByLabel("Name")).toHaveValue(`${automation.name} changed`);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
    await expect(page).toHaveURL(/\/runs$/);

    // Nothing changed, nothing asked.
    await page.goto(`/automations/${automation.id}`);
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/automations$/);
  });

  test("saving a new automation on a trigger that has others opens the priority panel to place it", async ({
    page,
    request,
  }) => {
    const tag = newTag();
    const existing = await createAutomation(request, uniqueName("E2E placed after"), tag, "invoice_overdue");
    const name = uniqueName("E2E placed first");

    await page.goto("/automations/new?trigger=invoice_overdue");
    await expect(page.getByRole("radio", { name: "Invoice overdue" })).toBeChecked();
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Add condition" }).click();
    const condition = page.getByRole("group", { name: "Condition 1" });
    await condition.getByLabel("Type").selectOption({ label: "Invoice metadata" });
    await condition.getByLabel("Key").fill("e2e_tag");
    await condition.getByLabel("Value").fill(tag);
    await page.getByRole("button", { name: "Add action" }).click();
    const action = page.getByRole("group", { name: "Step 1: Action" });
    await action.getByLabel("Action").selectOption("send_team_email");
    await page.getByRole("button", { name: "Save automation" }).click();
    // Settings list no team addresses: the step must name its recipients, and the form says so there.
    const recipients = action.getByLabel("Recipients");
    await expect(recipients).toHaveAccessibleDescription(
      /^Nobody to write to: list the recipients here, or set the team emails in Settings/,
    );
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await recipients.fill("ops@example.com");
    await page.getByRole("button", { name: "Save automation" }).click();

    // Created last; the panel points it out and lets the person move it.
    const panel = page.getByRole("dialog", { name: "Set priority: Invoice overdue" });
    await expect(panel).toBeVisible();
    await expect(panel.getByRole("listitem").last()).toContainText(`${name}New`);
    const saved = (await listAutomations(request)).find((automation) => automation.name === name)!;
    created.push(saved.id);
    const above = (await listAutomations(request)).filter((item) => item.trigger === "invoice_overdue").length - 1;
    for (let moves = 0; moves < above; moves += 1) {
      await panel.getByRole("button", { name: `Move ${name} up` }).click();
    }
    await expect(panel.getByRole("listitem").first()).toContainText(name);
    await panel.getByRole("button", { name: "Save order" }).click();
    await expect(page).toHaveURL(/\/automations$/);

    const order = (await listAutomations(request)).filter((item) => item.trigger === "invoice_overdue");
    expect(order[0]?.id).toBe(saved.id);
    expect(order.findIndex((item) => item.id === existing.id)).toBeGreaterThan(0);
  });

  test("editing an automation saves the change and returns to the list", async ({ page, request }) => {
    const automation = await createAutomation(request, uniqueName("E2E edit"), newTag());
    const renamed = uniqueName("E2E edited");
    await page.goto(`/automations/${automation.id}`);
    await expect(page.getByRole("group", { name: "Step 1: Delay" }).getByLabel("Wait")).toHaveValue("1");
    await page.getByLabel("Name").fill(renamed);
    await page.getByRole("group", { name: "Step 1: Delay" }).getByLabel("Wait").fill("2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(/\/automations$/);
    await expect(page.getByText(`“${renamed}” is saved.`)).toBeVisible();
    await expect(rowOf(page, renamed)).toContainText("Wait 2 days");
    const saved = (await listAutomations(request)).find((item) => item.id === automation.id);
    expect(saved).toMatchObject({ name: renamed, priority: automation.priority, steps: [{ amount: 2 }, {}] });
  });

  test("pausing with “cancel them now” cancels the runs in progress; turning it on resumes at once", async ({
    page,
    request,
  }) => {
    const tag = newTag();
    const automation = await createAutomation(request, uniqueName("E2E pause"), tag);
    await putFirst(request, automation);
    await paymentFailed(tag);
    await paymentFailed(tag);
    await expect
      .poll(async () => (await runsOf(request, automation.id)).filter((run) => run.status === "running").length)
      .toBe(2);

    await page.goto("/automations");
    const row = rowOf(page, automation.name);
    await expect(row).toContainText("In progress: 2 runs");
    const toggle = row.getByRole("switch", { name: `Active: ${automation.name}` });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await toggle.click();

    const dialog = page.getByRole("dialog", { name: `Pause “${automation.name}”?` });
    await expect(dialog).toContainText("It has 2 runs in progress");
    await dialog.getByRole("radio", { name: "Cancel them now" }).check();
    await dialog.getByRole("button", { name: "Pause automation" }).click();
    await expect(dialog).toBeHidden();
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await expect(page.getByText(`“${automation.name}” is paused; 2 runs were canceled.`)).toBeVisible();
    // The switch's own word says what it is now.
    await expect(toggle.locator("xpath=preceding-sibling::span[1]")).toHaveText("Paused");
    await expect(row).toContainText("Paused");
    await expect(row).toContainText("In progress: none");
    expect((await runsOf(request, automation.id)).map((run) => run.status)).toEqual(["canceled", "canceled"]);

    await toggle.click();
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await expect(toggle.locator("xpath=preceding-sibling::span[1]")).toHaveText("Active");
    await expect(page.getByText(`“${automation.name}” is active`)).toBeVisible();
    await expect
      .poll(async () => (await listAutomations(request)).find((item) => item.id === automation.id)?.status)
      .toBe("active");
  });

  test("deleting from the edit page lets the runs finish when asked, and keeps them in the history", async ({
    page,
    request,
  }) => {
    const tag = newTag();
    const automation = await createAutomation(request, uniqueName("E2E delete"), tag);
    await putFirst(request, automation);
    await paymentFailed(tag);
    await expect.poll(async () => (await runsOf(request, automation.id)).length).toBe(1);

    await page.goto("/automations");
    await page.getByRole("link", { name: automation.name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: automation.name })).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue(automation.name);
    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete “${automation.name}”?` });
    await expect(dialog).toContainText("It has 1 run in progress");
    await dialog.getByRole("radio", { name: "Let them finish" }).check();
    await dialog.getByRole("button", { name: "Delete automation" }).click();
    await expect(page).toHaveURL(/\/automations$/);
    await expect(page.getByRole("link", { name: automation.name, exact: true })).toHaveCount(0);
    expect((await runsOf(request, automation.id)).map((run) => run.status)).toEqual(["running"]);
  });

  test("the list and the editor fit a 375 px wide screen", async ({ page, request }) => {
    await createAutomation(request, uniqueName("E2E narrow screen with a rather long automation name"), newTag());
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ["/automations", "/automations/new?trigger=invoice_due_date_upcoming"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (path !== "/automations") {
        await page.getByRole("button", { name: "Add delay" }).click();
        await expect(page.getByRole("group", { name: "Step 1: Delay" }).getByLabel("When")).toHaveValue(
          "before_due_date",
        );
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});
