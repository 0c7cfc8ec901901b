import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";
import { appSurface } from "./support";

/** The admin pages without a placeholder (found on disk): the ones a person reaches from the nav. */
const MAIN_PAGES = [
  ...new Set(
    appSurface()
      .pages.filter((page) => page.file.startsWith(join("app", "(admin)")) && !page.dynamic)
      .map((page) => page.path),
  ),
].sort();

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
