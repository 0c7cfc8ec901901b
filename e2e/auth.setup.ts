import { expect, test as setup } from "@playwright/test";
import { E2E, LIVE_SERVER } from "../playwright.config";

// Logs in once through the real form, as the bootstrap admin (no email, ADMIN_PASSWORD), on the
// server most tests use and on the live one, and keeps both sessions for every other test.
setup("log in as the ops team", async ({ page }) => {
  for (const baseURL of [E2E.baseURL, LIVE_SERVER.baseURL]) {
    await page.goto(`${baseURL}/login`);
    await page.getByLabel("Password").fill(E2E.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/automations$/);
  }
  await page.context().storageState({ path: E2E.storageState });
});
