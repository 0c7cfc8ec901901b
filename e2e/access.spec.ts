import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";

// Every admin page, found on disk at collection time, so pages added later are covered without
// editing this file: app/(admin)/**/page.tsx, with route groups and parallel-route slots dropped,
// and each dynamic segment ([id], [...slug]) given the placeholder "x".
const ADMIN_ROOT = fileURLToPath(new URL("../app/(admin)", import.meta.url));

interface AdminPage {
  path: string;
  /** Has a placeholder for a dynamic segment (an [id] page). */
  dynamic: boolean;
}

/** The URL segment a folder adds: a name, "x" for a dynamic one, null for none, undefined if not routable. */
function routeSegment(folder: string): { name: string | null; dynamic: boolean } | undefined {
  if (folder.startsWith("_")) return undefined; // private folder
  if (/^\(\.+\)/.test(folder)) return undefined; // intercepting route: reached through another URL
  if (/^\(.*\)$/.test(folder) || folder.startsWith("@")) return { name: null, dynamic: false }; // group, slot
  if (/^\[\[\.\.\..+\]\]$/.test(folder)) return { name: null, dynamic: true }; // optional catch-all
  if (/^\[.+\]$/.test(folder)) return { name: "x", dynamic: true };
  return { name: folder, dynamic: false };
}

function findPages(directory: string, parent: AdminPage): AdminPage[] {
  const found: AdminPage[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isFile() && /^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) {
      found.push({ path: parent.path || "/", dynamic: parent.dynamic });
    } else if (entry.isDirectory()) {
      const segment = routeSegment(entry.name);
      if (!segment) continue;
      const child = {
        path: segment.name === null ? parent.path : `${parent.path}/${segment.name}`,
        dynamic: parent.dynamic || segment.dynamic,
      };
      found.push(...findPages(path.join(directory, entry.name), child));
    }
  }
  return found;
}

const FOUND = findPages(ADMIN_ROOT, { path: "", dynamic: false });
const ADMIN_PAGES = [...new Set(FOUND.map((page) => page.path))].sort();
/** The pages without a placeholder: the ones a person reaches from the nav. */
const MAIN_PAGES = [...new Set(FOUND.filter((page) => !page.dynamic).map((page) => page.path))].sort();

test("finds the admin pages on disk", () => {
  expect(ADMIN_PAGES).toEqual(expect.arrayContaining(["/automations", "/settings"]));
});

test.describe("the login wall, for every admin page", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const pagePath of ADMIN_PAGES) {
    test(`sends an anonymous visitor of ${pagePath} to the login page`, async ({ page }) => {
      await page.goto(pagePath);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
    });
  }
});

test.describe("the login wall, on in-app navigation", () => {
  // A layout does not render again on a client-side navigation, so its session check does not
  // run either: a session that ended while the tab stayed open must still end at /login.
  for (const pagePath of ADMIN_PAGES) {
    test(`sends a visitor whose session ended to the login page when the app navigates to ${pagePath}`, async ({
      page,
      context,
    }) => {
      // Start on another page, so the navigation really fetches the target.
      await page.goto(pagePath === "/settings" ? "/automations" : "/settings");
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await context.clearCookies();
      await navigateInApp(page, pagePath);
      await expect(
        page,
        `${pagePath} rendered without a session: the (admin) layout's check does not run on client-side ` +
          "navigations; check the session in the page (requireAdminSession) or in a proxy.ts in front of all pages",
      ).toHaveURL(/\/login$/);
      await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
    });
  }
});

/** A client-side navigation, as a <Link> click makes: the layout stays, only the page is fetched. */
async function navigateInApp(page: Page, pagePath: string) {
  const link = page.getByRole("navigation", { name: "Main" }).locator(`a[href="${pagePath}"]`);
  if ((await link.count()) > 0) {
    await link.first().click();
    return;
  }
  // Pages the nav does not link to ([id] pages): the App Router's own navigation.
  await page.waitForFunction(() => typeof (window as { next?: { router?: unknown } }).next?.router === "object");
  await page.evaluate((target) => {
    (window as unknown as { next: { router: { push(href: string): void } } }).next.router.push(target);
  }, pagePath);
}

/** True when the focused element draws a focus indicator: an outline or a ring (box-shadow). */
async function focusIndicatorOf(locator: Locator): Promise<{ focusVisible: boolean; indicator: boolean }> {
  return locator.evaluate((element) => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== "none" && style.boxShadow !== "";
    return { focusVisible: element.matches(":focus-visible"), indicator: outline || ring };
  });
}

async function expectVisibleFocus(locator: Locator) {
  await expect(locator).toBeFocused();
  expect(await focusIndicatorOf(locator), "a keyboard user can see where focus is").toEqual({
    focusVisible: true,
    indicator: true,
  });
}

/** Presses Tab until `target` has focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 10) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, `reachable with at most ${limit} presses of Tab`).toBeFocused();
}

test.describe("keyboard only", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("logs in and walks the nav in order, each stop with a visible focus ring", async ({ page }) => {
    await page.goto("/login");
    // Start from the top of the document, as a visitor who has not used the page yet.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const password = page.getByLabel("Password", { exact: true });
    await tabTo(page, password);
    await expectVisibleFocus(password);
    await page.keyboard.type(E2E.password);
    await page.keyboard.press("Tab");
    const logIn = page.getByRole("button", { name: "Log in" });
    await expectVisibleFocus(logIn);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/automations$/);

    const nav = page.getByRole("navigation", { name: "Main" });
    const links = nav.getByRole("link");
    const labels = (await links.allTextContents()).map((label) => label.trim());
    expect(labels.length).toBeGreaterThan(1);
    // Whatever had focus before the navigation, Tab reaches the first link; then each in order.
    await tabTo(page, links.first(), 20);
    for (const [index, label] of labels.entries()) {
      if (index > 0) await page.keyboard.press("Tab");
      const link = links.nth(index);
      await expect(link).toHaveText(label);
      await expectVisibleFocus(link);
    }
    await page.keyboard.press("Tab");
    await expectVisibleFocus(page.getByRole("button", { name: "Log out" }));
  });
});

test.describe("page structure", () => {
  for (const pagePath of ["/login", ...MAIN_PAGES]) {
    test.describe(pagePath, () => {
      if (pagePath === "/login") test.use({ storageState: { cookies: [], origins: [] } });

      test(`${pagePath} has one h1 and one main landmark`, async ({ page }) => {
        const response = await page.goto(pagePath);
        expect(response?.status()).toBe(200);
        await expect(page.locator("h1")).toHaveCount(1);
        await expect(page.getByRole("main")).toHaveCount(1);
        await expect(page.getByRole("main").locator("h1")).toBeVisible();
      });
    });
  }

  test("an address that does not exist answers a plain 404 with a way home", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page).toHaveURL(/\/automations$/);
  });
});
