import type { Db } from "@/lib/db/client";
import type { AutomationInput } from "./schema";
import { createAutomation } from "./save-automation";

/** Stripe's three automation recipes (seeds/002), as examples for a new database. */
export const STRIPE_RECIPES: AutomationInput[] = [
  {
    name: "Custom dunning for annual subscribers",
    trigger: "subscription_payment_failed",
    status: "active",
    conditions: [{ type: "subscription_interval", interval: "year" }],
    steps: [
      {
        type: "action",
        action: "set_retry_policy",
        params: {
          retries: [
            { amount: 3, unit: "days" },
            { amount: 7, unit: "days" },
            { amount: 14, unit: "days" },
            { amount: 21, unit: "days" },
          ],
        },
      },
      { type: "delay", amount: 28, unit: "days" },
      { type: "action", action: "mark_invoice_uncollectible" },
      // Stripe's page lists the write-off after the cancellation, yet canceling ends the run: cancel last.
      { type: "action", action: "cancel_subscription" },
    ],
  },
  {
    name: "Team alert on high-value overdue invoices",
    trigger: "invoice_overdue",
    status: "active",
    conditions: [{ type: "invoice_amount", min: 50_000, max: null }],
    steps: [{ type: "action", action: "send_team_email", params: { memo: "Invoice over $500 is overdue" } }],
  },
  {
    name: "Cancellation confirmation",
    trigger: "subscription_canceled",
    status: "active",
    conditions: [],
    steps: [
      {
        type: "action",
        action: "send_cancellation_email",
        params: { surveyUrl: "https://example.com/cancellation-survey" },
      },
    ],
  },
];

/** Seeds the recipes into a database that has never had an automation. Returns how many it added. */
export async function seedRecipesIfEmpty(db: Db): Promise<number> {
  if ((await db.automation.count()) > 0) return 0;
  for (const recipe of STRIPE_RECIPES) await createAutomation(db, recipe);
  return STRIPE_RECIPES.length;
}
