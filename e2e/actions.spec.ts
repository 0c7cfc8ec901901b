import Stripe from "stripe";
import { expect, test, type Page } from "@playwright/test";
import { sampleIds } from "../lib/samples/sample-events";
import { LIVE_SERVER } from "../playwright.config";
import { deliverEvent, uniqueName } from "./support";

// Slack, HTTP and customer-email steps as a person sets them up: destinations added and tested in
// Settings, the steps built in the editor (the email previewed as it is typed), then a real event on
// the live server, whose peers (test/support/e2e-peers.ts) stand in for Slack, the team's receiver,
// Stripe and the mail server.

interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

async function control<T>(path: string, init?: { method: "POST"; body?: unknown }): Promise<T> {
  const response = await fetch(`${LIVE_SERVER.control}${path}`, {
    method: init?.method ?? "GET",
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function addDestination(page: Page, name: string, kind: string, url: string) {
  const form = page.getByRole("form", { name: "Add a destination" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Kind").selectOption({ label: kind });
  await form.getByLabel("URL").fill(url);
  await form.getByRole("button", { name: "Add destination" }).click();
  await expect(form.getByRole("status")).toHaveText(`Added “${name}”.`);
  const item = page.getByRole("listitem", { name });
  await item.getByRole("button", { name: "Send test" }).click();
  await expect(item.getByRole("status")).toContainText("answered HTTP 200");
  return item;
}

test("Slack, HTTP and customer-email steps built in the editor send for real", async ({ page, playwright }) => {
  const name = uniqueName("Tell everyone");
  const tag = name.split(" ").at(-1)!;
  const live = LIVE_SERVER.baseURL;

  await page.goto(`${live}/settings`);
  const { url: slackUrl } = await control<{ url: string }>("/slack-webhook", { method: "POST" });
  const slackItem = await addDestination(page, `slack-${tag}`, "Slack incoming webhook", slackUrl);
  // Saved, a Slack URL is shown by its host only: the path is its secret.
  await expect(slackItem).not.toContainText(new URL(slackUrl).pathname);
  await addDestination(page, `ledger-${tag}`, "HTTP endpoint (signed events)", `${LIVE_SERVER.control}/receive/${tag}`);
  const testEvents = await control<Array<{ path: string }>>("/received");
  expect(testEvents.filter((event) => event.path === `/receive/${tag}`)).toHaveLength(1);

  await page.goto(`${live}/automations/new`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: "Subscription payment failed" }).check();
  await page.getByRole("button", { name: "Add condition" }).click();
  const condition = page.getByRole("group", { name: "Condition 1" });
  await condition.getByLabel("Type").selectOption({ label: "Invoice metadata" });
  await condition.getByLabel("Key").fill("e2e");
  await condition.getByLabel("Value").fill(tag);

  await page.getByRole("button", { name: "Add action" }).click();
  const slackStep = page.getByRole("group", { name: "Step 1: Action" });
  await slackStep.getByLabel("Action").selectOption({ label: "Send Slack message" });
  await slackStep.getByLabel("Slack destination").selectOption(`slack-${tag}`);
  await slackStep.getByLabel("Message").fill(`Payment failed (${tag})`);

  await page.getByRole("button", { name: "Add action" }).click();
  const httpStep = page.getByRole("group", { name: "Step 2: Action" });
  await httpStep.getByLabel("Action").selectOption({ label: "Send HTTP request" });
  await httpStep.getByLabel("Destination").selectOption(`ledger-${tag}`);

  await page.getByRole("button", { name: "Add action" }).click();
  const emailStep = page.getByRole("group", { name: "Step 3: Action" });
  await emailStep.getByLabel("Action").selectOption({ label: "Send customer email" });
  await emailStep.getByLabel("Subject").fill("Invoice {{invoice.number}}: your payment failed");
  const body = emailStep.getByLabel("Body");
  await body.fill("Hi {{customer.nmae}},");
  // Refused as it is typed, before any save.
  await expect(emailStep).toContainText(/unknown variable \{\{customer\.nmae\}\}/i);
  await body.fill("Hi {{customer.name}},\n\nWe could not take **{{invoice.amount_due}}**. ");
  await emailStep.getByRole("button", { name: "Insert {{invoice.hosted_invoice_url}}" }).click();
  await expect(emailStep).not.toContainText(/unknown variable/i);
  const preview = emailStep.getByRole("region", { name: "Preview with sample values" });
  await expect(preview).toContainText("Invoice F00D-0042: your payment failed");
  const rendered = preview.frameLocator("iframe");
  await expect(rendered.locator("strong")).toHaveText("$12.50");
  await expect(rendered.locator("body")).toContainText("Hi Jenny Rosen,");

  await page.getByRole("button", { name: "Save automation" }).click();
  const panel = page.getByRole("dialog", { name: /Set priority/ });
  await expect(panel.or(page.getByRole("heading", { level: 1, name: "Automations" }))).toBeVisible();
  if (await panel.isVisible()) await panel.getByRole("button", { name: "Keep it last" }).click();
  await expect(page).toHaveURL(/\/automations$/);

  const liveApi = await playwright.request.newContext({
    baseURL: live,
    extraHTTPHeaders: { authorization: `Bearer ${LIVE_SERVER.apiToken}` },
  });
  try {
    const ids = sampleIds();
    const seeded = await control<{ invoice: { customer_email: string; number: string } }>("/seed", {
      method: "POST",
      body: { ...ids, eventType: "invoice.payment_failed", attemptCount: 1, invoiceMetadata: { e2e: tag } },
    });
    await deliverEvent(
      liveApi,
      "invoice.payment_failed",
      { ...ids, invoiceMetadata: { e2e: tag } },
      LIVE_SERVER.webhookSecret,
    );

    await expect(async () => {
      const messages = await control<Array<{ text: string }>>("/slack");
      expect(messages.some((message) => JSON.stringify(message).includes(`Payment failed (${tag})`))).toBe(true);
    }).toPass({ timeout: 20_000 });

    let delivered: { headers: Record<string, string>; body: string } | undefined;
    await expect(async () => {
      const events = await control<Array<{ path: string; headers: Record<string, string>; body: string }>>("/received");
      delivered = events.filter((event) => event.path === `/receive/${tag}`)[1];
      expect(delivered).toBeDefined();
    }).toPass({ timeout: 20_000 });
    const parsed = JSON.parse(delivered!.body) as Stripe.Event;
    expect(parsed).toMatchObject({ type: "invoice.payment_failed", data: { object: { id: ids.invoiceId } } });
    expect(delivered!.headers["stripe-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    let mail: Mail | undefined;
    await expect(async () => {
      mail = (await control<Mail[]>("/mail")).find((candidate) => candidate.subject.includes(seeded.invoice.number));
      expect(mail).toBeDefined();
    }).toPass({ timeout: 20_000 });
    expect(mail!.to).toEqual([seeded.invoice.customer_email]);
    expect(mail!.subject).toBe(`Invoice ${seeded.invoice.number}: your payment failed`);
    expect(mail!.html).toContain("<strong>");

    const { runs } = (await (await liveApi.get(`/api/runs?status=succeeded`)).json()) as {
      runs: Array<{ id: string; objectId: string }>;
    };
    const run = runs.find((candidate) => candidate.objectId === ids.invoiceId);
    expect(run).toBeDefined();
    await page.goto(`${live}/runs/${run!.id}`);
    const timeline = page.getByRole("list", { name: "Step timeline" });
    await expect(timeline).toContainText(`posted to Slack destination “slack-${tag}” (HTTP 200)`);
    await expect(timeline).toContainText("delivered invoice.payment_failed to");
  } finally {
    const { automations } = (await (await liveApi.get("/api/automations")).json()) as {
      automations: Array<{ id: string; name: string }>;
    };
    for (const automation of automations.filter((candidate) => candidate.name === name)) {
      await liveApi.delete(`/api/automations/${automation.id}?inProgress=cancel`);
    }
    const { destinations } = (await (await liveApi.get("/api/destinations")).json()) as {
      destinations: Array<{ id: string; name: string }>;
    };
    for (const destination of destinations.filter((candidate) => candidate.name.endsWith(tag))) {
      await liveApi.delete(`/api/destinations/${destination.id}`);
    }
    await liveApi.dispose();
  }
});
