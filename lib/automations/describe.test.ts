import { describe, expect, it } from "vitest";

import { describeCondition, describeStep } from "@/lib/automations/describe";
import { describeBillingPeriod } from "@/lib/conditions/subscription-interval";

describe("describeCondition", () => {
  it("reads like a sentence, amounts in the given currency", () => {
    expect(describeCondition({ type: "customer_metadata", key: "segment", value: "enterprise" }, "usd")).toBe(
      "Customer metadata segment = enterprise",
    );
    expect(describeCondition({ type: "invoice_metadata", key: "region", value: "eu" }, "usd")).toBe(
      "Invoice metadata region = eu",
    );
    expect(describeCondition({ type: "invoice_amount", min: 10000, max: null }, "usd")).toBe(
      "Invoice amount at least $100.00",
    );
    expect(describeCondition({ type: "invoice_amount", min: null, max: 5000 }, "jpy")).toBe(
      "Invoice amount at most ¥5,000",
    );
    expect(describeCondition({ type: "invoice_amount", min: 100, max: 900 }, "eur")).toBe(
      "Invoice amount between €1.00 and €9.00",
    );
    expect(describeCondition({ type: "subscription_interval", interval: "year" }, "usd")).toBe(
      "Subscription is billed yearly",
    );
    expect(describeCondition({ type: "product", products: ["prod_A"] }, "usd")).toBe("Product prod_A");
    expect(describeCondition({ type: "product", products: ["prod_A", "prod_B", "prod_C"] }, "usd")).toBe(
      "Any of the products prod_A, prod_B or prod_C",
    );
  });
});

describe("describeCondition: billing periods", () => {
  it("says how often the subscription is billed, count included", () => {
    const billed = (interval: "day" | "week" | "month" | "year", intervalCount?: number) =>
      describeCondition(
        { type: "subscription_interval", interval, ...(intervalCount === undefined ? {} : { intervalCount }) },
        "usd",
      );
    expect(billed("month")).toBe("Subscription is billed monthly");
    expect(billed("month", 1)).toBe("Subscription is billed monthly");
    expect(billed("month", 3)).toBe("Subscription is billed every 3 months");
    expect(billed("year")).toBe("Subscription is billed yearly");
    expect(billed("year", 2)).toBe("Subscription is billed every 2 years");
    expect(billed("week")).toBe("Subscription is billed weekly");
    expect(billed("week", 2)).toBe("Subscription is billed every 2 weeks");
    expect(billed("day")).toBe("Subscription is billed daily");
    expect(billed("day", 10)).toBe("Subscription is billed every 10 days");
  });

  it("says when whole years are written in months, as the condition matches them", () => {
    expect(describeBillingPeriod({ interval: "month", intervalCount: 12 })).toBe("yearly (every 12 months)");
    expect(describeBillingPeriod({ interval: "month", intervalCount: 24 })).toBe("every 2 years (every 24 months)");
    expect(describeCondition({ type: "subscription_interval", interval: "month", intervalCount: 12 }, "usd")).toBe(
      "Subscription is billed yearly (every 12 months)",
    );
  });
});

describe("describeStep", () => {
  it("describes delays, relative or from the due date", () => {
    expect(describeStep({ type: "delay", amount: 3, unit: "days" })).toBe("Wait 3 days");
    expect(describeStep({ type: "delay", amount: 1, unit: "hours" })).toBe("Wait 1 hour");
    expect(describeStep({ type: "delay", amount: -7, unit: "days", from: "due_date" })).toBe(
      "7 days before the due date",
    );
    expect(describeStep({ type: "delay", amount: 2, unit: "days", from: "due_date" })).toBe(
      "2 days after the due date",
    );
    expect(describeStep({ type: "delay", amount: 0, unit: "days", from: "due_date" })).toBe("On the due date");
  });

  it("describes actions with their params", () => {
    const retries = (units: Array<[number, "days" | "hours"]>) => ({
      type: "action" as const,
      action: "set_retry_policy" as const,
      params: { retries: units.map(([amount, unit]) => ({ amount, unit })) },
    });
    expect(
      describeStep(
        retries([
          [1, "days"],
          [3, "days"],
          [7, "days"],
        ]),
      ),
    ).toBe("Set retry policy: retry after 1, 3 and 7 days");
    expect(
      describeStep(
        retries([
          [12, "hours"],
          [2, "days"],
        ]),
      ),
    ).toBe("Set retry policy: retry after 12 hours and 2 days");
    expect(describeStep(retries([[1, "days"]]))).toBe("Set retry policy: retry after 1 day");

    expect(describeStep({ type: "action", action: "send_team_email", params: { to: ["a@x.com", "b@x.com"] } })).toBe(
      "Send team email to a@x.com and b@x.com",
    );
    expect(describeStep({ type: "action", action: "send_team_email" })).toBe(
      "Send team email to the team addresses in settings",
    );
    expect(
      describeStep({ type: "action", action: "send_cancellation_email", params: { surveyUrl: "https://s.example/q" } }),
    ).toBe("Send cancellation email with survey link https://s.example/q");
    expect(describeStep({ type: "action", action: "send_invoice_will_be_due_webhook" })).toBe(
      "Send invoice.will_be_due webhook to the endpoints in settings",
    );
    expect(describeStep({ type: "action", action: "cancel_subscription" })).toBe("Cancel subscription");
  });

  it("falls back to the label when stored params no longer parse", () => {
    expect(describeStep({ type: "action", action: "set_retry_policy", params: { retries: "soon" } })).toBe(
      "Set retry policy",
    );
  });
});
