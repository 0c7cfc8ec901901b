import { expect, test } from "@playwright/test";
import { api, pageProblems, uniqueName } from "./support";

// A new install's first hour, with the mouse, as the README tells it: log in, build an automation
// that emails the team, send a test event from the UI, follow it to its run, and invite a teammate —
// whose invitation waits in the outbox (SMTP_URL=outbox, as `npm run dev` sets it), and whose link
// lets them in. No run fails, and the browser logs no error on the way.

test("the first hour: an automation, a test event, its run, and a teammate invited through the outbox", async ({
  page,
  browser,
  request,
}) => {
  const found = pageProblems(page);
  const name = uniqueName("First hour");
  const tag = name.split(" ").at(-1)!;
  const teammate = `teammate-${tag}@example.com`;

  await page.goto("/automations");
  await page.getByRole("link", { name: "New automation" }).first().click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("radio", { name: "Subscription payment failed" }).check();
  // Only this test's events match it: the shared server has other files' automations.
  await page.getByRole("button", { name: "Add condition" }).click();
  const condition = page.getByRole("group", { name: "Condition 1" });
  await condition.getByLabel("Type").selectOption({ label: "Invoice metadata" });
  await condition.getByLabel("Key").fill("e2e");
  await condition.getByLabel("Value").fill(tag);
  await page.getByRole("button", { name: "Add action" }).click();
  const email = page.getByRole("group", { name: "Step 1: Action" });
  await email.getByLabel("Action").selectOption({ label: "Send team email" });
  await email.getByLabel("Recipients").fill("ops@example.com");
  await email.getByLabel("Recipients").press("Enter");
  await page.getByRole("button", { name: "Save automation" }).click();
  const panel = page.getByRole("dialog", { name: /Set priority/ });
  await expect(panel.or(page.getByRole("heading", { level: 1, name: "Automations" }))).toBeVisible();
  if (await panel.isVisible()) await panel.getByRole("button", { name: "Keep it last" }).click();
  await expect(page).toHaveURL(/\/automations$/);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" }).click();
  await page.getByRole("link", { name: "Send test event" }).click();
  await page.getByRole("radio", { name: /Subscription payment failed/ }).check();
  await page.getByLabel("Invoice metadata key").fill("e2e");
  await page.getByLabel("Invoice metadata value").fill(tag);
  await page.getByRole("button", { name: "Send test event" }).click();
  const sent = page.locator("main").getByRole("status").filter({ hasText: "Sent" });
  await sent.getByRole("link", { name: /View the event/ }).click();
  await expect(page.getByText(`Winner: ${name}`)).toBeVisible({ timeout: 15_000 });
  await page.getByRole("link", { name: "View the run it started" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Run of ${name}` })).toBeVisible();
  // Dry-run: the email is rendered and shown on the run, not sent.
  await expect(page.locator("#run-status")).toContainText("succeeded", { timeout: 15_000 });
  await page.getByText("Email would be sent").click();
  await expect(page.getByLabel("Email text")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  const invite = page.getByRole("form", { name: "Invite a person" });
  await invite.getByLabel("Email").fill(teammate);
  await invite.getByLabel("Role").selectOption("editor");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(invite.getByRole("status")).toContainText(`Invitation to ${teammate} kept in the outbox`);
  await invite.getByRole("link", { name: "Open the outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: teammate });
  await row.getByRole("link", { name: "You are invited to Billing Automations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You are invited to Billing Automations" })).toBeVisible();
  const link = page.getByLabel("Email text").getByRole("link", { name: /\/invite\// });
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);

  // The teammate, in a browser of their own, follows the link.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const invited = await context.newPage();
  const invitedProblems = pageProblems(invited);
  await invited.goto(href);
  await invited.getByLabel("Your name").fill("Teammate");
  await invited.getByLabel("Password").fill("a password of some length");
  await invited.getByRole("button", { name: "Join" }).click();
  await expect(invited.getByTestId("signed-in-as")).toHaveText(`${teammate} · editor`);
  await context.close();

  // No run of the hour failed (this test's and the rest of the server's are the same list).
  const { runs } = (await api(request, "GET", "/api/runs?status=failed")) as {
    runs: Array<{ automationName: string }>;
  };
  expect(runs.filter((run) => run.automationName === name)).toEqual([]);
  expect([...found, ...invitedProblems]).toEqual([]);
});
