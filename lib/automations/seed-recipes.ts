import type { Engine } from "@/lib/engine/engine";
import { runnableContext, unrunnableIssues } from "./check-runnable";
import type { AutomationInput } from "./schema";
import { createAutomation } from "./save-automation";
import type { Actor } from "@/lib/auth/actor";

/** The new database's first automations are the system's doing, and the log says so. */
const SEEDER: Actor = { kind: "system", label: "seed recipes", origin: "worker" };

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

export interface SeededRecipes {
  seeded: number;
  /** Recipes seeded paused because their steps cannot run here yet, with the reasons. */
  paused: Array<{ name: string; reasons: string[] }>;
}

/**
 * Seeds the recipes into a database that has never had an automation. A recipe whose steps cannot
 * run with this configuration (an email without SMTP_URL) is seeded paused, with the reasons: it is
 * turned on once the configuration is there.
 */
export async function seedRecipesIfEmpty(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
): Promise<SeededRecipes> {
  if ((await engine.db.automation.count()) > 0) return { seeded: 0, paused: [] };
  const ctx = await runnableContext(engine);
  const paused: SeededRecipes["paused"] = [];
  for (const recipe of STRIPE_RECIPES) {
    const reasons = unrunnableIssues(recipe.steps, ctx).map((issue) => `${issue.path}: ${issue.message}`);
    if (reasons.length) paused.push({ name: recipe.name, reasons });
    await createAutomation(engine, SEEDER, reasons.length ? { ...recipe, status: "paused" } : recipe);
  }
  return { seeded: STRIPE_RECIPES.length, paused };
}
