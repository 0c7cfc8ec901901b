// Automations for tests, built from a few parts instead of the same literal in every file. Each
// function returns the API's input shape; a test overrides what it is about.
import type { AutomationInput, Step } from "../../lib/automations/schema";

/** A payment retry policy: one retry after each of these many days. */
export const retryPolicy = (...days: number[]): Step => ({
  type: "action",
  action: "set_retry_policy",
  params: { retries: days.map((amount) => ({ amount, unit: "days" })) },
});

export const teamEmail = (to: string[] = ["ops@example.com"], memo?: string): Step => ({
  type: "action",
  action: "send_team_email",
  params: { to, ...(memo === undefined ? {} : { memo }) },
});

export const waitDays = (amount: number): Step => ({ type: "delay", amount, unit: "days" });
export const writeOff: Step = { type: "action", action: "mark_invoice_uncollectible" };
export const cancel: Step = { type: "action", action: "cancel_subscription" };

/** Stripe's annual dunning recipe: retries, a wait, the write-off, then the cancellation. */
export function annualDunning(overrides: Partial<AutomationInput> = {}): AutomationInput {
  return {
    name: "Annual dunning",
    trigger: "subscription_payment_failed",
    conditions: [{ type: "subscription_interval", interval: "year" }],
    steps: [retryPolicy(1, 3), waitDays(7), writeOff, cancel],
    ...overrides,
  };
}

/** The contract's example automation (DESIGN.md): every kind of condition, an email, a delay, retries, a write-off. */
export function highValueDunning(overrides: Partial<AutomationInput> = {}): AutomationInput {
  return {
    name: "High-value annual dunning",
    trigger: "subscription_payment_failed",
    conditions: [
      { type: "customer_metadata", key: "segment", value: "enterprise" },
      { type: "invoice_amount", min: 10_000, max: 500_000 },
      { type: "subscription_interval", interval: "year" },
      { type: "product", products: ["prod_A", "prod_B"] },
    ],
    steps: [
      teamEmail(["ops@example.com"], "…"),
      { type: "delay", amount: 3, unit: "days" },
      retryPolicy(1, 3),
      writeOff,
    ],
    ...overrides,
  };
}
