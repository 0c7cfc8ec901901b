import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";

test.describe("the login wall", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const path of ["/automations"]) {
    test(`sends an anonymous visitor of ${path} to the login page`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByRole("heading", { name: "Billing Automations" })).toBeVisible();
    });
  }

  test("a wrong password says so; the right one lets the visitor in, and logging out ends it", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByText("That password is not right.")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Password").fill(E2E.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/automations$/);
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/automations");
    await expect(page).toHaveURL(/\/login$/);
  });
});
