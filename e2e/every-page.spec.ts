import { expect, test } from "@playwright/test";
import { sampleIds } from "../lib/samples/sample-events";
import { E2E } from "../playwright.config";
import { api, appSurface, deliverEvent, pageProblems, uniqueName } from "./support";

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

let paths: string[] = [];

test.beforeAll(async ({ request, browser }) => {
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
  // An invitation, kept in the outbox (the server runs with SMTP_URL=outbox), for the email's page.
  await api(request, "POST", "/api/users", {
    email: `${uniqueName("every-page").split(" ")[1]}@example.com`,
    role: "viewer",
  });
  const reader = await browser.newPage({ storageState: E2E.storageState });
  await reader.goto("/outbox");
  const emailPath = (await reader.getByRole("table").getByRole("link").first().getAttribute("href")) ?? "";
  await reader.close();
  const ids: Record<string, string> = {
    "/automations/x": `/automations/${automation.id as string}`,
    "/outbox/x": emailPath,
    "/events/x": `/events/${eventId}`,
    "/runs/x": `/runs/${runId}`,
  };
  paths = ADMIN_PAGES.map((path) => ids[path] ?? path);
  expect(paths.some((path) => path.includes("/x"))).toBe(false);
});

test("the icon answers at /favicon.ico too, where browsers ask for it, with or without a session", async ({
  request,
  browser,
}) => {
  const visitor = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  for (const context of [request, visitor.request]) {
    for (const path of ["/favicon.ico", "/icon.svg"]) {
      const response = await context.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      expect(response.headers()["content-type"], path).toContain("image/svg+xml");
    }
  }
  await visitor.close();
});

for (const [device, size] of [
  ["a 390 px phone", { width: 390, height: 844 }],
  ["a desktop", { width: 1280, height: 800 }],
] as const) {
  test(`on ${device}, no admin page scrolls sideways or logs an error`, async ({ page }) => {
    await page.setViewportSize(size);
    const found = pageProblems(page);
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
