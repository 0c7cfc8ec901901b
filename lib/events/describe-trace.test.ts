import { describe, expect, it } from "vitest";
import { NO_MATCH_SUMMARY, type ConditionTrace, type MatchTrace } from "@/lib/rules/evaluate-automations";
import { describeConditionTrace, describeTrace } from "./describe-trace";

function condition(overrides: Partial<ConditionTrace> = {}): ConditionTrace {
  return {
    type: "invoice_metadata",
    description: "Invoice metadata region = eu",
    expected: "eu",
    actual: "eu",
    passed: true,
    ...overrides,
  };
}

function trace(overrides: Partial<MatchTrace> = {}): MatchTrace {
  return {
    trigger: "subscription_payment_failed",
    matchedAutomationId: null,
    summary: NO_MATCH_SUMMARY,
    checked: [],
    stripeReads: { customer: 0, subscription: 0 },
    ...overrides,
  };
}

describe("describeConditionTrace", () => {
  it("states a passed condition with the value found, a tick and the word", () => {
    expect(describeConditionTrace(condition(), "usd")).toMatchObject({
      verdict: "passed",
      symbol: "✓",
      verdictLabel: "passed",
      found: "found “eu”",
      sentence: "✓ Invoice metadata region = eu — passed: found “eu”",
    });
  });

  it("says when a metadata key is not set at all", () => {
    expect(describeConditionTrace(condition({ actual: null, passed: false }), "usd")).toMatchObject({
      verdict: "failed",
      symbol: "✗",
      sentence: "✗ Invoice metadata region = eu — failed: found nothing: the key is not set",
    });
  });

  it("formats amounts in the default currency, minor units included (cents, and none for JPY)", () => {
    const amount = condition({
      type: "invoice_amount",
      description: "Invoice amount at least $500.00",
      expected: { min: 50000, max: null },
      actual: 12050,
      passed: false,
    });
    expect(describeConditionTrace(amount, "usd").sentence).toBe(
      "✗ Invoice amount at least $500.00 — failed: found $120.50",
    );
    expect(describeConditionTrace({ ...amount, actual: 1200, passed: true }, "jpy").found).toBe("found ¥1,200");
    expect(describeConditionTrace({ ...amount, actual: 1500, passed: true }, "eur").found).toBe("found €15.00");
  });

  it("gives an unavailable fact's reason instead of a value, and counts it as failed", () => {
    const unavailable = condition({
      type: "customer_metadata",
      description: "Customer metadata segment = enterprise",
      actual: null,
      passed: false,
      unavailable: "could not read customer cus_1: not read in dry-run mode (no STRIPE_SECRET_KEY)",
    });
    expect(describeConditionTrace(unavailable, "usd")).toMatchObject({
      verdict: "unavailable",
      symbol: "✗",
      verdictLabel: "unknown",
      sentence:
        "✗ Customer metadata segment = enterprise — unknown: could not read customer cus_1: not read in dry-run mode (no STRIPE_SECRET_KEY)",
    });
  });

  it("keeps the value found when the list was only the payload's first page", () => {
    const partial = condition({
      type: "product",
      description: "Product prod_B",
      actual: ["prod_A"],
      passed: false,
      unavailable: "the payload lists only the invoice's first lines",
    });
    expect(describeConditionTrace(partial, "usd").found).toBe(
      "found prod_A (the payload lists only the invoice's first lines)",
    );
  });

  it("marks a condition that was not checked because an earlier one failed", () => {
    const skipped = condition({
      type: "subscription_interval",
      description: "Subscription is billed yearly",
      actual: null,
      passed: false,
      skipped: "not checked: an earlier condition failed",
    });
    expect(describeConditionTrace(skipped, "usd")).toMatchObject({
      verdict: "skipped",
      symbol: "–",
      sentence: "– Subscription is billed yearly — not checked: an earlier condition failed",
    });
  });

  it("words the billing period found, interval and count", () => {
    const found = (actual: unknown) =>
      describeConditionTrace(condition({ type: "subscription_interval", actual, passed: false }), "usd").found;
    expect(found({ interval: "month", intervalCount: 1 })).toBe("found monthly");
    expect(found({ interval: "month", intervalCount: 3 })).toBe("found every 3 months");
    expect(found({ interval: "month", intervalCount: 12 })).toBe("found yearly (every 12 months)");
    expect(found({ interval: "year", intervalCount: 1 })).toBe("found yearly");
    expect(found({ interval: "year", intervalCount: 2 })).toBe("found every 2 years");
    expect(found({ interval: "week", intervalCount: 1 })).toBe("found weekly");
    expect(found({ interval: "week", intervalCount: 2 })).toBe("found every 2 weeks");
    expect(found({ interval: "day", intervalCount: 1 })).toBe("found daily");
    expect(found({ interval: "day", intervalCount: 14 })).toBe("found every 14 days");
    // A value Stripe might add later is shown as sent.
    expect(found({ interval: "fortnight", intervalCount: 2 })).toBe("found every 2 × fortnight");
    expect(found(null)).toBe("found no interval");
    expect(found({ interval: "month", intervalCount: 0 })).toBe("found no interval");
  });

  it("keeps the sentence whole when a quarterly subscription fails a monthly condition", () => {
    const quarterly = condition({
      type: "subscription_interval",
      description: "Subscription is billed monthly",
      expected: { interval: "month", intervalCount: 1 },
      actual: { interval: "month", intervalCount: 3 },
      passed: false,
    });
    expect(describeConditionTrace(quarterly, "usd").sentence).toBe(
      "✗ Subscription is billed monthly — failed: found every 3 months",
    );
  });

  it("words intervals stored before counts were read, and product lists", () => {
    const interval = condition({ type: "subscription_interval", actual: "month", passed: false });
    expect(describeConditionTrace(interval, "usd").found).toBe("found monthly");
    expect(describeConditionTrace({ ...interval, actual: "year" }, "usd").found).toBe("found yearly");
    expect(describeConditionTrace({ ...interval, actual: "week" }, "usd").found).toBe("found weekly");
    const products = condition({ type: "product", actual: ["prod_A", "prod_B", "prod_C"], passed: true });
    expect(describeConditionTrace(products, "usd").found).toBe("found prod_A, prod_B and prod_C");
    expect(describeConditionTrace({ ...products, actual: [] }, "usd").found).toBe("found no products");
  });
});

describe("describeTrace", () => {
  it("lists the automations in the order checked and names the winner", () => {
    const described = describeTrace(
      trace({
        matchedAutomationId: "a2",
        summary: "Matched “Everyone else” (priority 2)",
        checked: [
          {
            automationId: "a1",
            name: "Enterprise",
            priority: 1,
            matched: false,
            conditions: [condition({ actual: "us", passed: false })],
          },
          { automationId: "a2", name: "Everyone else", priority: 2, matched: true, conditions: [] },
        ],
      }),
      { currency: "usd" },
    );
    expect(described.triggerLabel).toBe("Subscription payment failed");
    expect(described.matched).toBe(true);
    expect(described.winner).toEqual({ automationId: "a2", name: "Everyone else", priority: 2 });
    expect(described.summary).toBe("Matched “Everyone else” (priority 2)");
    expect(described.automations.map((automation) => automation.heading)).toEqual([
      "1. “Enterprise” (priority 1) — ✗ did not match",
      "2. “Everyone else” (priority 2) — ✓ matched",
    ]);
    expect(described.automations[0]!.conditions[0]!.sentence).toBe(
      "✗ Invoice metadata region = eu — failed: found “us”",
    );
    expect(described.automations[1]!.noConditions).toMatch(/matches every event/);
  });

  it("says Stripe's default settings apply when nothing matched", () => {
    const described = describeTrace(
      trace({
        checked: [
          {
            automationId: "a1",
            name: "Enterprise",
            priority: 1,
            matched: false,
            conditions: [condition({ actual: null, passed: false })],
          },
        ],
      }),
      { currency: "usd" },
    );
    expect(described.matched).toBe(false);
    expect(described.winner).toBeNull();
    expect(described.summary).toBe("No automation matched — Stripe's default settings apply");
    expect(described.nothingChecked).toBeUndefined();
  });

  it("says so when the trigger had no active automation to check", () => {
    const described = describeTrace(trace(), { currency: "usd" });
    expect(described.summary).toBe(NO_MATCH_SUMMARY);
    expect(described.nothingChecked).toBe("No active automation on this trigger was checked.");
  });
});

describe("a held-out match", () => {
  it("names the winner, says it was held out, and is not a plain match", () => {
    const described = describeTrace(
      trace({
        matchedAutomationId: "a1",
        heldOut: true,
        summary: "“Dunning” matched; held out: Stripe's default settings apply",
        checked: [{ automationId: "a1", name: "Dunning", priority: 1, matched: true, conditions: [] }],
      }),
      { currency: "usd" },
    );
    expect(described).toMatchObject({
      matched: true,
      heldOut: true,
      winner: { automationId: "a1", name: "Dunning" },
      summary: "“Dunning” matched; held out: Stripe's default settings apply",
    });
    expect(describeTrace(trace(), { currency: "usd" }).heldOut).toBe(false);
  });
});
