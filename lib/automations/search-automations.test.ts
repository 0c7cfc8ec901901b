import { describe, expect, it } from "vitest";
import type { AutomationRecord } from "./serialize-automation";
import { automationMatches } from "./search-automations";

const automation = {
  id: "a1",
  name: "Annual dunning",
  trigger: "subscription_payment_failed",
  status: "active",
  conditions: [{ type: "invoice_amount", min: 10_000, max: null }],
  steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
} as unknown as AutomationRecord;

describe("automationMatches", () => {
  it("finds every word anywhere a person reads the automation, in any case", () => {
    expect(automationMatches(automation, "annual", "usd")).toBe(true);
    expect(automationMatches(automation, "PAYMENT failed uncollectible", "usd")).toBe(true);
    expect(automationMatches(automation, "$100.00", "usd")).toBe(true);
    expect(automationMatches(automation, "annual canceled", "usd")).toBe(false);
  });
});
