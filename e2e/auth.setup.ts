import { expect, test as setup } from "@playwright/test";
import { E2E } from "../playwright.config";

// Logs in once through the real form and keeps the session for every other test.
setup("log in as the ops team", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/automations$/);
  await page.context().storageState({ path: `e2e/.auth/admin-${new URL(E2E.baseURL).port}.json` });
});
