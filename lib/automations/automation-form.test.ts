import { describe, expect, it } from "vitest";

import {
  addValues,
  cardMessages,
  emptyFormValues,
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
  splitValues,
  toFormValues,
  validateForm,
  type AutomationFormValues,
  type FormActionStep,
  type FormCondition,
} from "@/lib/automations/automation-form";
import type { ConditionType } from "@/lib/conditions";
import { INTERVAL_UNITS } from "@/lib/conditions/subscription-interval";
import type { ActionName } from "@/lib/steps";
import { newRetry, type FormParams } from "@/lib/steps/fields";

/** A new step of the action, with these fields as typed. */
const step = (action: ActionName, params: FormParams): FormActionStep => {
  const fresh = newActionStep(action);
  return { ...fresh, params: { ...fresh.params, ...params } };
};
/** A new condition of the type, with these fields as typed. */
const condition = (type: ConditionType, values: FormCondition["values"]): FormCondition => {
  const fresh = newCondition(type);
  return { ...fresh, values: { ...fresh.values, ...values } };
};
import type { AutomationInput } from "@/lib/automations/schema";
import { cancel, highValueDunning, retryPolicy, teamEmail, waitDays, writeOff } from "@/test/support/automations";

const withoutUids = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === "uid" ? undefined : item)));

const dunning: AutomationInput = highValueDunning({
  name: "Custom dunning for annual subscribers",
  conditions: [
    { type: "customer_metadata", key: "segment", value: "enterprise" },
    { type: "invoice_amount", min: 50_000, max: null },
    { type: "subscription_interval", interval: "year" },
    { type: "product", products: ["prod_A", "prod_B"] },
  ],
  steps: [retryPolicy(1, 3), waitDays(7), teamEmail(["ops@example.com"], "Write-off"), writeOff, cancel],
});

describe("form values ↔ the API's input", () => {
  it("shows a stored automation in the form and gives the same automation back", () => {
    const values = toFormValues(dunning, "usd");
    expect(values.conditions[1]).toMatchObject({ type: "invoice_amount", values: { min: "500.00", max: "" } });
    expect(values.steps[0]).toMatchObject({ type: "action", params: { retries: [{ amount: "1" }, { amount: "3" }] } });
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
    expect(values.conditions[0]).toMatchObject({ values: { min: "100000", max: "500000" } });
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
      steps: [step("send_team_email", { memo: "   " }), step("send_cancellation_email", { surveyUrl: " " })],
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
      conditions: [condition("invoice_metadata", { key: " region ", value: " eu " })],
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
  const withInterval = (values: FormCondition["values"]): AutomationFormValues => ({
    name: "Quarterly dunning",
    trigger: "subscription_payment_failed",
    conditions: [condition("subscription_interval", values)],
    steps: [step("send_team_email", { to: ["ops@example.com"] })],
  });

  it("starts as every 1 year and shows a stored count as typed text", () => {
    expect(newCondition("subscription_interval")).toMatchObject({ values: { interval: "year", intervalCount: "1" } });
    const stored: AutomationInput = {
      ...dunning,
      conditions: [{ type: "subscription_interval", interval: "month", intervalCount: 3 }],
    };
    const values = toFormValues(stored, "usd");
    expect(values.conditions[0]).toMatchObject({ values: { interval: "month", intervalCount: "3" } });
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
    const issueFor = (values: FormCondition["values"]) => {
      const validation = validateForm(withInterval(values), "usd");
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

  it("names the interval select's units for the count, and reads an unknown interval as the default", () => {
    expect(INTERVAL_UNITS.month).toEqual({ singular: "month", plural: "months" });
    expect(fromFormValues(withInterval({ interval: "quarter", intervalCount: "1" }), "usd").input.conditions).toEqual([
      { type: "subscription_interval", interval: "year" },
    ]);
  });
});

describe("validating the form with the API's schema", () => {
  it("names each field's problem with the API's path, the form's own words first", () => {
    const values: AutomationFormValues = {
      name: "",
      trigger: "invoice_finalized",
      conditions: [
        condition("customer_metadata", { key: "", value: "vip" }),
        condition("invoice_amount", { min: "12.345" }),
        condition("invoice_amount", { min: "", max: "" }),
        condition("invoice_amount", { min: "20", max: "10" }),
      ],
      steps: [
        step("send_team_email", { to: ["ops@example.com", "not-an-email"] }),
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
      steps: [step("set_retry_policy", { retries: [newRetry("2"), newRetry("x"), newRetry("0")] })],
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
      params: {
        retries: [{ amount: "", unit: "days" }],
        to: [],
        memo: "",
        surveyUrl: "",
        subject: "",
        body: "",
        url: "",
        destination: "",
        text: "",
        webhookUrl: "",
      },
    });
  });
});
