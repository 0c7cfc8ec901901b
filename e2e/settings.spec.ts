import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";

interface Settings {
  defaultCurrency: string;
  exchangeRates: Record<string, number>;
  teamEmails: string[];
  webhookEndpoints: string[];
  timeZone: string;
}

// Settings are one row shared by every test on the server: each test starts from a known state
// and puts back what it found.
const START: Settings = {
  defaultCurrency: "usd",
  exchangeRates: { eur: 1.08 },
  teamEmails: ["ops@example.com"],
  webhookEndpoints: ["https://hooks.example.com/billing"],
  timeZone: "UTC",
};

let found: Settings;

// Not e2e/support.ts's api(): importing that module loads the sample events' JSON fixtures, which
// Playwright's ESM loader refuses without an import attribute.
async function settingsApi(request: APIRequestContext, method: "GET" | "PUT", data?: Settings): Promise<Settings> {
  const response = await request.fetch("/api/settings", {
    method,
    data,
    headers: { authorization: `Bearer ${E2E.apiToken}` },
  });
  if (!response.ok()) throw new Error(`${method} /api/settings: ${response.status()} ${await response.text()}`);
  return (await response.json()) as Settings;
}

test.beforeEach(async ({ request }) => {
  found = await settingsApi(request, "GET");
  await settingsApi(request, "PUT", START);
});

test.afterEach(async ({ request }) => {
  await settingsApi(request, "PUT", found);
});

const savedSettings = (page: Page) => settingsApi(page.request, "GET");

/** Holds the form's server action for a moment, so the pending state can be seen. */
async function slowDownServerActions(page: Page) {
  await page.route("**/settings", async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    await route.continue();
  });
}

test("changes the default currency, a rate and the team emails, showing progress and then success", async ({
  page,
}) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Default currency", { exact: true })).toHaveValue("USD");
  await expect(page.getByLabel("Currency 1", { exact: true })).toHaveValue("EUR");
  await expect(page.getByLabel("Rate 1", { exact: true })).toHaveValue("1.08");
  await expect(page.getByText("Units of the default currency per 1 unit of this currency")).toBeVisible();

  await page.getByLabel("Default currency", { exact: true }).fill("cad");
  await page.getByLabel("Rate 1", { exact: true }).fill("1.52");
  await page.getByRole("button", { name: "Add a rate" }).click();
  await expect(page.getByLabel("Currency 2", { exact: true })).toBeFocused();
  await page.getByLabel("Currency 2", { exact: true }).fill("usd");
  await page.getByLabel("Rate 2", { exact: true }).fill("1.39");
  await expect(page.getByText("1 USD = 1.39 CAD")).toBeVisible();

  await page.getByLabel("Team email 1", { exact: true }).fill("billing@example.com");
  await page.getByRole("button", { name: "Add an email" }).click();
  await expect(page.getByLabel("Team email 2", { exact: true })).toBeFocused();
  await page.keyboard.type("finance@example.com");
  await page.getByRole("button", { name: "Remove webhook endpoint 1" }).click();

  await slowDownServerActions(page);
  await page.getByRole("button", { name: "Save settings" }).click();
  const saving = page.getByRole("button", { name: "Saving…" });
  await expect(saving).toBeDisabled();
  await expect(saving).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save settings" })).toBeEnabled();

  expect(await savedSettings(page)).toEqual({
    defaultCurrency: "cad",
    exchangeRates: { eur: 1.52, usd: 1.39 },
    teamEmails: ["billing@example.com", "finance@example.com"],
    webhookEndpoints: [],
    timeZone: "UTC",
  });

  await page.reload();
  await expect(page.getByLabel("Default currency", { exact: true })).toHaveValue("CAD");
  await expect(page.getByLabel("Currency 2", { exact: true })).toHaveValue("USD");
  await expect(page.getByLabel("Rate 2", { exact: true })).toHaveValue("1.39");
  await expect(page.getByLabel("Team email 2", { exact: true })).toHaveValue("finance@example.com");
  await expect(page.getByText("None yet: a webhook step without its own URL will fail.")).toBeVisible();
});

test("an invalid email is shown next to its field, takes focus, and nothing is saved", async ({ page }) => {
  let actionsPosted = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) actionsPosted += 1;
  });
  await page.goto("/settings");
  await page.getByLabel("Rate 1", { exact: true }).fill("1.10");
  await page.getByRole("button", { name: "Add an email" }).click();
  await page.getByLabel("Team email 2", { exact: true }).fill("not-an-email");
  await page.getByRole("button", { name: "Save settings" }).click();

  const invalid = page.getByLabel("Team email 2", { exact: true });
  await expect(invalid).toBeFocused();
  await expect(invalid).toHaveAttribute("aria-invalid", "true");
  await expect(invalid).toHaveAccessibleDescription("must be an email address");
  // Next to the field: in its own list item, right under the input.
  const item = page.getByRole("listitem").filter({ has: invalid });
  await expect(item.getByText("must be an email address")).toBeVisible();
  await expect(page.getByLabel("Team email 1", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toContainText(
    "Nothing was saved: one field needs fixing",
  );

  expect(actionsPosted).toBe(0);
  expect(await savedSettings(page)).toEqual(START);

  // Fixing it clears the error on the next save.
  await invalid.fill("finance@example.com");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await expect(invalid).not.toHaveAttribute("aria-invalid", "true");
  expect((await savedSettings(page)).teamEmails).toEqual(["ops@example.com", "finance@example.com"]);
});

test("a bad rate or currency code is shown in its row, with the schema's message", async ({ page }) => {
  await page.goto("/settings");
  await page.getByLabel("Rate 1", { exact: true }).fill("-2");
  await page.getByRole("button", { name: "Add a rate" }).click();
  await page.getByLabel("Currency 2", { exact: true }).fill("E1");
  await page.getByLabel("Rate 2", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Add a rate" }).click();
  await page.getByLabel("Currency 3", { exact: true }).fill("EUR");
  await page.getByLabel("Rate 3", { exact: true }).fill("abc");
  await page.getByRole("button", { name: "Save settings" }).click();

  await expect(page.getByLabel("Rate 1", { exact: true })).toHaveAccessibleDescription("must be a positive number");
  await expect(page.getByLabel("Rate 1", { exact: true })).toBeFocused();
  await expect(page.getByLabel("Currency 1", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Currency 2", { exact: true })).toHaveAccessibleDescription(
    "must be a three-letter ISO currency code such as usd",
  );
  await expect(page.getByLabel("Currency 3", { exact: true })).toHaveAccessibleDescription(
    "EUR is already listed above",
  );
  await expect(page.getByLabel("Rate 3", { exact: true })).toHaveAccessibleDescription("must be a number such as 1.08");
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toContainText(
    "Nothing was saved: 4 fields need fixing",
  );
  expect(await savedSettings(page)).toEqual(START);
});

test("shows the instance's configuration read-only, and never a secret's value", async ({ page }) => {
  await page.goto("/settings");
  const instance = page.getByRole("region", { name: "This instance" });
  await expect(instance.getByText("dry-run", { exact: true })).toBeVisible();
  const secretRow = (variable: string) =>
    instance.getByRole("listitem").filter({ has: page.getByText(variable, { exact: true }) });
  // The test server is started with these two set (playwright.config.ts).
  for (const variable of ["STRIPE_WEBHOOK_SECRET", "ADMIN_API_TOKEN"]) {
    await expect(secretRow(variable).getByText("set", { exact: true })).toBeVisible();
  }
  // The bootstrap credentials say what they are.
  await expect(secretRow("ADMIN_API_TOKEN")).toContainText("The bootstrap token: it acts as the bootstrap admin.");
  await expect(secretRow("OIDC_CLIENT_SECRET")).toContainText("Single sign-on through");
  for (const variable of ["SMTP_URL", "OUTGOING_WEBHOOK_SECRET"]) {
    await expect(secretRow(variable).getByText(/^(not )?set$/)).toBeVisible();
  }
  await expect(instance.getByText("* * * * * *")).toBeVisible();
  await expect(instance).toContainText("every second");
  await expect(instance).toContainText("SQLite");
  const webhookUrl = `${E2E.baseURL}/api/webhooks/stripe`;
  await expect(instance.getByText(webhookUrl, { exact: true })).toBeVisible();
  await expect(instance.getByText(`stripe listen --forward-to ${webhookUrl}`)).toBeVisible();

  // The DOM (with React's inline payload), the HTML as served, and the payload a client-side
  // navigation fetches: none of them carries a secret.
  const secrets = [E2E.password, E2E.apiToken, E2E.webhookSecret];
  const served = await page.request.get("/settings");
  const payload = await page.request.get("/settings", { headers: { RSC: "1" } });
  expect(served.headers()["content-type"]).toContain("text/html");
  expect(payload.headers()["content-type"]).toContain("text/x-component");
  for (const [where, text] of [
    ["the page", await page.content()],
    ["the served HTML", await served.text()],
    ["the RSC payload", await payload.text()],
  ] as const) {
    for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
  }
  expect((await served.text()).length).toBeGreaterThan(1000);
});

test("shows each webhook endpoint's own signing secret only when asked, and rolls it with the old one kept for a day", async ({
  page,
}) => {
  await page.goto("/settings");
  const secrets = page.getByRole("region", { name: "Webhook signing secrets" });
  const endpoint = secrets.getByRole("listitem", { name: START.webhookEndpoints[0] });
  await expect(endpoint).toContainText("Used by Settings");
  const secret = endpoint.getByLabel(`Signing secret of ${START.webhookEndpoints[0]}`);
  await expect(secret).toHaveText(/^whsec_•+$/);

  await endpoint.getByRole("button", { name: "Reveal" }).click();
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9_-]{32}$/);
  const first = await secret.textContent();
  await endpoint.getByRole("button", { name: "Hide" }).click();
  await expect(secret).toHaveText(/^whsec_•+$/);

  await endpoint.getByRole("button", { name: "Roll secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Roll this endpoint's secret?" });
  await expect(dialog).toContainText("keeps signing beside it for 24 hours");
  await dialog.getByRole("button", { name: "Roll secret" }).click();
  await expect(dialog).toBeHidden();
  await expect(endpoint.getByRole("status")).toContainText("Secret rolled. The old one keeps signing too until");
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9_-]{32}$/);
  expect(await secret.textContent()).not.toBe(first);
});

test("the team's time zone is chosen once in Settings, and every time in the app is shown in it, named", async ({
  page,
}) => {
  await page.goto("/settings");
  await page.getByLabel("Team time zone").selectOption("America/New_York");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  // The save itself is the newest entry of the audit log.
  await page.goto("/audit");
  await expect(page.getByRole("table").locator("tbody tr").first().locator("time")).toContainText(/ (EST|EDT)\b/);
  await page.goto("/runs");
  await expect(page.getByLabel("From", { exact: true })).toHaveAccessibleDescription(/America\/New_York/);
  // Put back for the other tests (the beforeEach does it too, through the API).
  await page.goto("/settings");
  await page.getByLabel("Team time zone").selectOption("UTC");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
});
