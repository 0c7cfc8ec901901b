import { expect, test, type Page } from "@playwright/test";
import { sampleIds } from "../lib/samples/sample-events";
import { api, appSurface, deliverEvent, uniqueName } from "./support";

// Every admin page, found on disk (so one added later is covered), with real ids in its dynamic
// segments: at a 390 px phone width and at a desktop's, nothing scrolls sideways, and the browser
// logs no error and no failed request (a missing favicon is one).

const ADMIN_PAGES = [
  ...new Set(
    appSurface()
      .pages.filter((page) => page.file.includes("(admin)"))
      .map((page) => page.path),
  ),
];

/** Console errors, uncaught exceptions and failed requests of a page, as they come. */
function problems(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") found.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => found.push(`exception: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) found.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return found;
}

let paths: string[] = [];

test.beforeAll(async ({ request }) => {
  const tag = Math.random().toString(36).slice(2, 10);
  const automation = await api(request, "POST", "/api/automations", {
    name: uniqueName("E2E every page"),
    trigger: "invoice_finalized",
    conditions: [{ type: "invoice_metadata", key: "e2e_tag", value: tag }],
    steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
  });
  const { eventId } = await deliverEvent(request, "invoice.finalized", {
    ...sampleIds(),
    invoiceMetadata: { e2e_tag: tag },
  });
  let runId = "";
  await expect(async () => {
    const { runs } = (await api(request, "GET", `/api/runs?automationId=${automation.id as string}`)) as {
      runs: Array<{ id: string }>;
    };
    runId = runs[0]!.id;
  }).toPass({ timeout: 10_000 });
  const ids: Record<string, string> = {
    "/automations/x": `/automations/${automation.id as string}`,
    "/events/x": `/events/${eventId}`,
    "/runs/x": `/runs/${runId}`,
  };
  paths = ADMIN_PAGES.map((path) => ids[path] ?? path);
  expect(paths.some((path) => path.includes("/x"))).toBe(false);
});

for (const [device, size] of [
  ["a 390 px phone", { width: 390, height: 844 }],
  ["a desktop", { width: 1280, height: 800 }],
] as const) {
  test(`on ${device}, no admin page scrolls sideways or logs an error`, async ({ page }) => {
    await page.setViewportSize(size);
    const found = problems(page);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      // What sticks out, to say where to look.
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(-3)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 120)),
      );
      expect.soft(overflow, `${path} scrolls sideways by ${overflow} px: ${wide.join(" | ")}`).toBeLessThanOrEqual(0);
    }
    expect(found).toEqual([]);
  });
}
