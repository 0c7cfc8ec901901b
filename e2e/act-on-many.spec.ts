import { expect, test, type APIRequestContext } from "@playwright/test";
import { sampleIds } from "../lib/samples/sample-events";
import { api, deliverEvent, uniqueName } from "./support";

// What an ops team does to many things at once: pause or resume automations together, cancel runs
// together, duplicate an automation, and find one by what it says. Each test's automations match
// only events carrying its own tag, and are deleted at the end.

const created: string[] = [];
test.afterEach(async ({ request }) => {
  for (const id of created.splice(0)) {
    await api(request, "DELETE", `/api/automations/${id}?inProgress=cancel`).catch(() => undefined);
  }
});

const newTag = () => Math.random().toString(36).slice(2, 10);

/** An automation that waits a day before its email, so its runs stay in progress for a test. */
async function waitingAutomation(request: APIRequestContext, name: string, tag: string) {
  const automation = await api(request, "POST", "/api/automations", {
    name,
    trigger: "invoice_finalized",
    conditions: [{ type: "invoice_metadata", key: "e2e_tag", value: tag }],
    steps: [
      { type: "delay", amount: 1, unit: "days" },
      { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
    ],
  });
  created.push(automation.id as string);
  return { id: automation.id as string, name };
}

async function runsOf(request: APIRequestContext, automationId: string) {
  return (await api(request, "GET", `/api/runs?automationId=${automationId}`)).runs as Array<{
    id: string;
    status: string;
  }>;
}

test("pausing two automations together asks once about all their runs, and resuming brings both back", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const first = await waitingAutomation(request, uniqueName("E2E many A"), tag);
  const second = await waitingAutomation(request, uniqueName("E2E many B"), tag);
  await deliverEvent(request, "invoice.finalized", { ...sampleIds(), invoiceMetadata: { e2e_tag: tag } });
  await expect.poll(async () => (await runsOf(request, first.id)).length).toBe(1);

  await page.goto("/automations");
  await page.getByRole("checkbox", { name: `Select ${first.name}` }).check();
  await page.getByRole("checkbox", { name: `Select ${second.name}` }).check();
  const bar = page.getByRole("region", { name: "Selected automations" });
  await expect(bar).toContainText("2 automations selected");
  await bar.getByRole("button", { name: "Pause", exact: true }).click();

  const dialog = page.getByRole("dialog", { name: "Pause 2 automations?" });
  await expect(dialog).toContainText("They have 1 run in progress");
  await dialog.getByRole("radio", { name: "Cancel them now" }).check();
  await dialog.getByRole("button", { name: "Pause 2 automations" }).click();
  await expect(page.getByText("2 automations paused; 1 run was canceled.")).toBeVisible();
  await expect(page.getByRole("switch", { name: `Active: ${first.name}` })).toHaveAttribute("aria-checked", "false");
  await expect(page.getByRole("switch", { name: `Active: ${second.name}` })).toHaveAttribute("aria-checked", "false");
  expect((await runsOf(request, first.id)).map((run) => run.status)).toEqual(["canceled"]);

  await page.getByRole("checkbox", { name: `Select ${first.name}` }).check();
  await page.getByRole("checkbox", { name: `Select ${second.name}` }).check();
  await bar.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(page.getByText("2 automations resumed.")).toBeVisible();
  await expect(page.getByRole("switch", { name: `Active: ${first.name}` })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("switch", { name: `Active: ${second.name}` })).toHaveAttribute("aria-checked", "true");
});

test("the search keeps the automations that say every word, and the address keeps the search", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const wanted = await waitingAutomation(request, uniqueName(`E2E search ${tag}`), tag);
  await waitingAutomation(request, uniqueName("E2E search other"), newTag());
  await page.goto("/automations");
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill(`${tag} team email`);
  await search.press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole("link", { name: wanted.name, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /E2E search other/ })).toHaveCount(0);

  await search.fill(`${tag} nothing-says-this`);
  await search.press("Enter");
  await expect(page.getByRole("heading", { name: /No automation says/ })).toBeVisible();
});

test("Duplicate makes a paused copy last on its trigger and opens it", async ({ page, request }) => {
  const source = await waitingAutomation(request, uniqueName("E2E original"), newTag());
  await page.goto(`/automations/${source.id}`);
  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Copy of ${source.name}` })).toBeVisible();
  await expect(page.getByText(`“Copy of ${source.name}” is a paused copy of “${source.name}”`)).toBeVisible();
  const copyId = /\/automations\/([^/?#]+)$/.exec(page.url())![1]!;
  created.push(copyId);
  const copy = await api(request, "GET", `/api/automations/${copyId}`);
  expect(copy).toMatchObject({ status: "paused", trigger: "invoice_finalized" });
});

test("selecting runs and canceling them together ends each, and says how many", async ({ page, request }) => {
  const tag = newTag();
  const automation = await waitingAutomation(request, uniqueName("E2E cancel many"), tag);
  for (let index = 0; index < 2; index += 1) {
    await deliverEvent(request, "invoice.finalized", { ...sampleIds(), invoiceMetadata: { e2e_tag: tag } });
  }
  await expect.poll(async () => (await runsOf(request, automation.id)).length).toBe(2);

  await page.goto(`/runs?automationId=${automation.id}`);
  await page.getByRole("checkbox", { name: "Select every run on this page" }).check();
  const bar = page.getByRole("region", { name: "Selected runs" });
  await expect(bar).toContainText("2 runs selected");
  await bar.getByRole("button", { name: "Cancel runs", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel 2 runs?" });
  await dialog.getByRole("button", { name: "Cancel 2 runs" }).click();
  await expect(page.getByText("2 runs canceled.")).toBeVisible();
  expect((await runsOf(request, automation.id)).map((run) => run.status)).toEqual(["canceled", "canceled"]);
  await expect(page.getByRole("table")).toContainText("canceled by");
});

test("Export downloads the automations; Import shows what it will add and replace, then does only that", async ({
  page,
  request,
}) => {
  const tag = newTag();
  const existing = await waitingAutomation(request, uniqueName("E2E transfer"), tag);
  await page.goto("/automations");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const file = JSON.parse(
    (await (await (await download).createReadStream()).toArray()).map((chunk) => String(chunk)).join(""),
  ) as { automations: Array<Record<string, unknown>> };
  const mine = file.automations.find((automation) => automation.name === existing.name)!;
  expect(mine).toMatchObject({ trigger: "invoice_finalized", status: "active" });

  const added = uniqueName("E2E imported");
  const upload = {
    version: 1,
    automations: [
      { ...mine, steps: [{ type: "action", action: "mark_invoice_uncollectible" }] },
      { ...mine, name: added, status: "paused" },
    ],
  };
  await page.getByRole("button", { name: "Import…" }).click();
  const dialog = page.getByRole("dialog", { name: "Import automations" });
  await dialog.getByLabel("File").setInputFiles({
    name: "automations.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(upload)),
  });
  const plan = dialog.getByRole("region", { name: "What the import will do" });
  await expect(plan).toContainText("1 added, 1 replaced");
  await expect(plan.getByRole("listitem").filter({ hasText: existing.name })).toContainText(
    "Replaces the existing one",
  );
  await expect(plan.getByRole("listitem").filter({ hasText: added })).toContainText("Added");
  await dialog.getByRole("button", { name: "Import: 1 added, 1 replaced" }).click();
  await expect(page.getByText("Imported automations.json: 1 added, 1 replaced.")).toBeVisible();

  const list = (await api(request, "GET", "/api/automations")).automations as Array<{
    id: string;
    name: string;
    version: number;
    steps: unknown[];
  }>;
  const replaced = list.filter((automation) => automation.name === existing.name);
  expect(replaced).toHaveLength(1);
  expect(replaced[0]).toMatchObject({ id: existing.id, version: 2, steps: [{ action: "mark_invoice_uncollectible" }] });
  const copy = list.find((automation) => automation.name === added)!;
  created.push(copy.id);
  await expect(page.getByRole("link", { name: added, exact: true })).toBeVisible();
});
