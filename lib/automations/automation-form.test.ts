import { describe, expect, it } from "vitest";

import {
  INTERVAL_UNITS,
  addValues,
  cardMessages,
  emptyFormValues,
  exampleAmount,
  formatMajorAmount,
  formLevelMessages,
  fromFormValues,
  invalidIndexesUnder,
  isDueDateDelay,
  messagesAt,
  messagesUnder,
  moveItem,
  newActionStep,
  newCondition,
  newDelayStep,
  newRetry,
  parseMajorAmount,
  splitValues,
  toFormValues,
  toSubscriptionInterval,
  validateForm,
  type AutomationFormValues,
} from "@/lib/automations/automation-form";
import type { AutomationInput } from "@/lib/automations/schema";

const withoutUids = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === "uid" ? undefined : item)));

describe("amounts in major units", () => {
  it("turns what a person types into minor units, by the currency's decimals", () => {
    expect(parseMajorAmount("500.00", "usd")).toEqual({ ok: true, minor: 50_000 });
    expect(parseMajorAmount("500", "usd")).toEqual({ ok: true, minor: 50_000 });
    expect(parseMajorAmount(" 1,234.5 ", "eur")).toEqual({ ok: true, minor: 123_450 });
    expect(parseMajorAmount(".99", "usd")).toEqual({ ok: true, minor: 99 });
    expect(parseMajorAmount("0.10", "usd")).toEqual({ ok: true, minor: 10 });
    expect(parseMajorAmount("1000", "jpy")).toEqual({ ok: true, minor: 1000 });
    expect(parseMajorAmount("1000.0", "jpy")).toEqual({ ok: true, minor: 1000 });
    expect(parseMajorAmount("1.5", "bhd")).toEqual({ ok: true, minor: 1500 });
    expect(parseMajorAmount("", "usd")).toEqual({ ok: true, minor: null });
    expect(parseMajorAmount("   ", "usd")).toEqual({ ok: true, minor: null });
  });

  it("never rounds by float arithmetic", () => {
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseMajorAmount("0.29", "usd")).toEqual({ ok: true, minor: 29 });
    expect(parseMajorAmount("1.005", "bhd")).toEqual({ ok: true, minor: 1005 });
  });

  it("refuses text, signs and more decimals than the currency has, saying what to type", () => {
    expect(parseMajorAmount("abc", "usd")).toEqual({ ok: false, message: "enter an amount in USD, e.g. 500.00" });
    expect(parseMajorAmount(".", "usd")).toMatchObject({ ok: false });
    expect(parseMajorAmount("1.2.3", "usd")).toMatchObject({ ok: false });
    expect(parseMajorAmount("-5", "usd")).toEqual({ ok: false, message: "enter an amount of 0 or more" });
    expect(parseMajorAmount("1.999", "usd")).toEqual({
      ok: false,
      message: "USD amounts have at most 2 decimals, e.g. 500.00",
    });
    expect(parseMajorAmount("10.5", "jpy")).toEqual({
      ok: false,
      message: "JPY amounts have no decimals: enter a whole number, e.g. 500",
    });
    expect(parseMajorAmount("99999999999999999999", "usd")).toEqual({ ok: false, message: "that amount is too large" });
  });

  it("shows minor units as the amount input holds them", () => {
    expect(formatMajorAmount(50_000, "usd")).toBe("500.00");
    expect(formatMajorAmount(5, "usd")).toBe("0.05");
    expect(formatMajorAmount(0, "usd")).toBe("0.00");
    expect(formatMajorAmount(1000, "jpy")).toBe("1000");
    expect(formatMajorAmount(1500, "bhd")).toBe("1.500");
    expect(exampleAmount("usd")).toBe("500.00");
    expect(exampleAmount("jpy")).toBe("500");
  });

  it("round-trips every amount", () => {
    for (const currency of ["usd", "jpy", "bhd"]) {
      for (const minor of [0, 1, 99, 100, 12_345, 50_000, 987_654_321]) {
        expect(parseMajorAmount(formatMajorAmount(minor, currency), currency)).toEqual({ ok: true, minor });
      }
    }
  });
});

const dunning: AutomationInput = {
  name: "Custom dunning for annual subscribers",
  trigger: "subscription_payment_failed",
  conditions: [
    { type: "customer_metadata", key: "segment", value: "enterprise" },
    { type: "invoice_amount", min: 50_000, max: null },
    { type: "subscription_interval", interval: "year" },
    { type: "product", products: ["prod_A", "prod_B"] },
  ],
  steps: [
    {
      type: "action",
      action: "set_retry_policy",
      params: {
        retries: [
          { amount: 1, unit: "days" },
          { amount: 3, unit: "days" },
        ],
      },
    },
    { type: "delay", amount: 7, unit: "days" },
    { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "Write-off" } },
    { type: "action", action: "mark_invoice_uncollectible" },
    { type: "action", action: "cancel_subscription" },
  ],
};

describe("form values ↔ the API's input", () => {
  it("shows a stored automation in the form and gives the same automation back", () => {
    const values = toFormValues(dunning, "usd");
    expect(values.conditions[1]).toMatchObject({ type: "invoice_amount", min: "500.00", max: "" });
    expect(values.steps[0]).toMatchObject({ type: "action", retries: [{ amount: "1" }, { amount: "3" }] });
    const validation = validateForm(values, "usd");
    expect(validation).toEqual({ ok: true, input: dunning, warnings: [] });
  });

  it("keeps amounts in a zero-decimal default currency", () => {
    const yen: AutomationInput = {
      name: "Big yen invoices",
      trigger: "invoice_overdue",
      conditions: [{ type: "invoice_amount", min: 100_000, max: 500_000 }],
      steps: [{ type: "action", action: "send_team_email" }],
    };
    const values = toFormValues(yen, "jpy");
    expect(values.conditions[0]).toMatchObject({ min: "100000", max: "500000" });
    expect(validateForm(values, "jpy")).toMatchObject({ ok: true, input: yen });
  });

  it("turns 'before the due date' into a negative delay from the due date, and back", () => {
    const reminder: AutomationInput = {
      name: "Reminders",
      trigger: "invoice_due_date_upcoming",
      conditions: [],
      steps: [
        { type: "delay", amount: -7, unit: "days", from: "due_date" },
        { type: "action", action: "send_invoice_will_be_due_webhook", params: { url: "https://hooks.example.com/x" } },
        { type: "delay", amount: 6, unit: "days" },
        { type: "action", action: "send_invoice_will_be_due_webhook" },
      ],
    };
    const values = toFormValues(reminder, "usd");
    expect(values.steps[0]).toMatchObject({ type: "delay", amount: "7", timing: "before_due_date" });
    expect(isDueDateDelay(values.trigger, values.steps, 0)).toBe(true);
    expect(isDueDateDelay(values.trigger, values.steps, 2)).toBe(false);
    expect(validateForm(values, "usd")).toMatchObject({ ok: true, input: reminder });

    const after = {
      ...values,
      steps: values.steps.map((step, i) => (i === 0 ? { ...step, timing: "after_due_date" } : step)),
    };
    expect(fromFormValues(after as AutomationFormValues, "usd").input.steps[0]).toEqual({
      type: "delay",
      amount: 7,
      unit: "days",
      from: "due_date",
    });
  });

  it("leaves out empty optional params instead of sending empty values", () => {
    const values: AutomationFormValues = {
      name: "Alerts",
      trigger: "subscription_canceled",
      conditions: [],
      steps: [
        { ...newActionStep("send_team_email"), memo: "   " },
        { ...newActionStep("send_cancellation_email"), surveyUrl: " " },
      ],
    };
    expect(fromFormValues(values, "usd").input.steps).toEqual([
      { type: "action", action: "send_team_email" },
      { type: "action", action: "send_cancellation_email" },
    ]);
  });

  it("trims metadata and keeps a delay on another trigger free of the due date", () => {
    const values: AutomationFormValues = {
      name: "  Trimmed  ",
      trigger: "invoice_finalized",
      conditions: [{ ...newCondition("invoice_metadata"), key: " region ", value: " eu " }],
      steps: [{ ...newDelayStep(), amount: "2", unit: "hours" }, newActionStep("mark_invoice_uncollectible")],
    };
    const validation = validateForm(values, "usd");
    expect(validation).toMatchObject({
      ok: true,
      input: {
        name: "Trimmed",
        conditions: [{ type: "invoice_metadata", key: "region", value: "eu" }],
        steps: [
          { type: "delay", amount: 2, unit: "hours" },
          { type: "action", action: "mark_invoice_uncollectible" },
        ],
      },
    });
  });
});

describe("the subscription interval condition in the form", () => {
  const withInterval = (condition: object): AutomationFormValues => ({
    name: "Quarterly dunning",
    trigger: "subscription_payment_failed",
    conditions: [{ ...newCondition("subscription_interval"), ...condition }],
    steps: [newActionStep("send_team_email")],
  });

  it("starts as every 1 year and shows a stored count as typed text", () => {
    expect(newCondition("subscription_interval")).toMatchObject({ interval: "year", intervalCount: "1" });
    const stored: AutomationInput = {
      ...dunning,
      conditions: [{ type: "subscription_interval", interval: "month", intervalCount: 3 }],
    };
    const values = toFormValues(stored, "usd");
    expect(values.conditions[0]).toMatchObject({ interval: "month", intervalCount: "3" });
    expect(validateForm(values, "usd")).toMatchObject({ ok: true, input: stored });
  });

  it("sends every [3] [months] with its count, and a count of 1 as the contract's { interval } alone", () => {
    expect(fromFormValues(withInterval({ interval: "month", intervalCount: " 3 " }), "usd").input.conditions).toEqual([
      { type: "subscription_interval", interval: "month", intervalCount: 3 },
    ]);
    expect(fromFormValues(withInterval({ interval: "week", intervalCount: "1" }), "usd").input.conditions).toEqual([
      { type: "subscription_interval", interval: "week" },
    ]);
    const storedWithOne: AutomationInput = {
      ...dunning,
      conditions: [{ type: "subscription_interval", interval: "year", intervalCount: 1 }],
    };
    expect(validateForm(toFormValues(storedWithOne, "usd"), "usd")).toMatchObject({
      ok: true,
      input: { conditions: [{ type: "subscription_interval", interval: "year" }] },
    });
  });

  it("puts a count that is not a whole number of 1 or more, or too long for Stripe, beside the count", () => {
    const issueFor = (condition: object) => {
      const validation = validateForm(withInterval(condition), "usd");
      if (validation.ok) throw new Error("expected the form to be refused");
      return validation.issues;
    };
    const whole = "enter how many months make one billing period: a whole number of 1 or more";
    for (const intervalCount of ["", "0", "-3", "1.5", "three"]) {
      expect(issueFor({ interval: "month", intervalCount })).toEqual([
        { path: "conditions.0.intervalCount", message: whole },
      ]);
    }
    expect(issueFor({ interval: "month", intervalCount: "37" })).toEqual([
      { path: "conditions.0.intervalCount", message: "at most 36 months: Stripe bills at least every 3 years" },
    ]);
    expect(issueFor({ interval: "week", intervalCount: "200" })).toEqual([
      { path: "conditions.0.intervalCount", message: "at most 156 weeks: Stripe bills at least every 3 years" },
    ]);
    const issues = issueFor({ interval: "day", intervalCount: "x" });
    expect(messagesAt(issues, "conditions.0.intervalCount")).toEqual([
      "enter how many days make one billing period: a whole number of 1 or more",
    ]);
    // Shown beside the count field, not on the card.
    expect(cardMessages(issues, "conditions.0")).toEqual([]);
  });

  it("names the interval select's units for the count, and keeps the interval on an unknown value", () => {
    expect(INTERVAL_UNITS.month).toEqual({ singular: "month", plural: "months" });
    expect(toSubscriptionInterval("week", "year")).toBe("week");
    expect(toSubscriptionInterval("quarter", "year")).toBe("year");
  });
});

describe("validating the form with the API's schema", () => {
  it("names each field's problem with the API's path, the form's own words first", () => {
    const values: AutomationFormValues = {
      name: "",
      trigger: "invoice_finalized",
      conditions: [
        { ...newCondition("customer_metadata"), key: "", value: "vip" },
        { ...newCondition("invoice_amount"), min: "12.345" },
        { ...newCondition("invoice_amount"), min: "", max: "" },
        { ...newCondition("invoice_amount"), min: "20", max: "10" },
      ],
      steps: [
        { ...newActionStep("send_team_email"), to: ["ops@example.com", "not-an-email"] },
        { ...newDelayStep(), amount: "soon" },
        newActionStep("cancel_subscription"),
      ],
    };
    const validation = validateForm(values, "usd");
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const byPath = Object.fromEntries(validation.issues.map((issue) => [issue.path, issue.message]));
    expect(byPath).toEqual({
      name: "name must not be empty",
      "conditions.0.key": "key must not be empty",
      "conditions.1.min": "USD amounts have at most 2 decimals, e.g. 500.00",
      "conditions.2.min": "set a minimum, a maximum or both",
      "conditions.3.max": "the maximum must be at least the minimum (20.00)",
      "steps.0.params.to.1": "to must contain email addresses",
      "steps.1.amount": "amount must be a whole number",
      "steps.2.action": expect.stringContaining(
        "cancel_subscription is not allowed on invoice_finalized; allowed: mark_invoice_uncollectible, send_team_email",
      ),
    });
    expect(messagesUnder(validation.issues, "steps.0.params.to")).toEqual(["to must contain email addresses"]);
    expect(invalidIndexesUnder(validation.issues, "steps.0.params.to")).toEqual(new Set([1]));
  });

  it("asks for a trigger and at least one action", () => {
    const validation = validateForm(emptyFormValues(), "usd");
    expect(validation).toMatchObject({ ok: false, warnings: [] });
    if (validation.ok) return;
    expect(messagesAt(validation.issues, "trigger")).toEqual(["choose a trigger"]);
    const withTrigger = validateForm({ ...emptyFormValues("invoice_overdue"), name: "x" }, "usd");
    expect(withTrigger.ok).toBe(false);
    if (withTrigger.ok) return;
    expect(messagesAt(withTrigger.issues, "steps")).toEqual(["steps must include at least one action"]);
    expect(formLevelMessages(withTrigger.issues)).toEqual([]);
  });

  it("refuses signs where 'before/after' or a plain wait decides the direction", () => {
    const values: AutomationFormValues = {
      name: "x",
      trigger: "invoice_due_date_upcoming",
      conditions: [],
      steps: [
        { ...newDelayStep(), amount: "-3" },
        newActionStep("send_team_email"),
        { ...newDelayStep(), amount: "-1" },
        newActionStep("send_team_email"),
      ],
    };
    const validation = validateForm(values, "usd");
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(messagesAt(validation.issues, "steps.0.amount")).toEqual([
      "enter how long without a sign, then choose before or after",
    ]);
    expect(messagesAt(validation.issues, "steps.2.amount")).toEqual(["amount must be 0 or more"]);
  });

  it("checks retry amounts typed as text", () => {
    const values: AutomationFormValues = {
      name: "x",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ ...newActionStep("set_retry_policy"), retries: [newRetry("2"), newRetry("x"), newRetry("0")] }],
    };
    const validation = validateForm(values, "usd");
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    expect(validation.issues).toEqual([
      { path: "steps.0.params.retries.1.amount", message: "amount must be a whole number of units" },
      { path: "steps.0.params.retries.2.amount", message: "amount must be at least 1" },
    ]);
  });

  it("keeps problems no field shows for the card or above the form", () => {
    const issues = [
      { path: "conditions.2", message: "only one subscription_interval condition is allowed" },
      { path: "conditions.2.interval", message: "field" },
      { path: "", message: "body" },
      { path: "status", message: "status must be active or paused" },
    ];
    expect(cardMessages(issues, "conditions.2")).toEqual(["only one subscription_interval condition is allowed"]);
    expect(formLevelMessages(issues)).toEqual(["body", "status: status must be active or paused"]);
  });

  it("warns without blocking: steps after a cancellation never run", () => {
    const values: AutomationFormValues = {
      name: "x",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [newActionStep("cancel_subscription"), newActionStep("send_team_email")],
    };
    const validation = validateForm(values, "usd");
    expect(validation.ok).toBe(true);
    expect(validation.warnings).toEqual([
      "steps after cancel_subscription (steps.0) never run: canceling the subscription ends the run",
    ]);
  });
});

describe("list helpers", () => {
  it("moves an item one place and stays put at either end", () => {
    expect(moveItem(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("splits typed or pasted values and adds each once", () => {
    expect(splitValues(" prod_A, prod_B;prod_C\nprod_D  ")).toEqual(["prod_A", "prod_B", "prod_C", "prod_D"]);
    expect(splitValues(" , ")).toEqual([]);
    expect(addValues(["a"], ["b", "a", "b"])).toEqual(["a", "b"]);
  });

  it("gives each new item its own key, and a stored automation the same keys on every render", () => {
    expect(newCondition().uid).not.toBe(newCondition().uid);
    expect(toFormValues(dunning, "usd")).toEqual(toFormValues(dunning, "usd"));
    expect(withoutUids(newActionStep("send_team_email"))).toEqual({
      type: "action",
      action: "send_team_email",
      to: [],
      memo: "",
      surveyUrl: "",
      url: "",
      retries: [{ amount: "", unit: "days" }],
    });
  });
});
