import { describe, expect, it } from "vitest";

import {
  applyAutomationPatch,
  automationInputSchema,
  automationPatchSchema,
  formatZodIssues,
  summarizeZodIssues,
  warningsFor,
  type AutomationInput,
} from "@/lib/automations/schema";

// The automation from DESIGN.md's Contract, as the API returns it (id and priority included).
const contractExample = {
  id: "aut_1",
  name: "High-value annual dunning",
  trigger: "subscription_payment_failed",
  status: "active",
  priority: 1,
  conditions: [
    { type: "customer_metadata", key: "segment", value: "enterprise" },
    { type: "invoice_metadata", key: "region", value: "eu" },
    { type: "invoice_amount", min: 10000, max: null },
    { type: "subscription_interval", interval: "year" },
    { type: "product", products: ["prod_A", "prod_B"] },
  ],
  steps: [
    { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "…" } },
    { type: "delay", amount: 3, unit: "days" },
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
    { type: "action", action: "mark_invoice_uncollectible" },
  ],
};

function automation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Alert the team",
    trigger: "invoice_overdue",
    conditions: [],
    steps: [{ type: "action", action: "send_team_email" }],
    ...overrides,
  };
}

function issuesOf(input: unknown) {
  const result = automationInputSchema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return formatZodIssues(result.error);
}

/** The one issue at `path`; fails when there is none. */
function issueAt(input: unknown, path: string) {
  const issues = issuesOf(input);
  const issue = issues.find((candidate) => candidate.path === path);
  if (!issue) throw new Error(`no issue at ${path}; got ${JSON.stringify(issues)}`);
  return issue;
}

describe("automationInputSchema", () => {
  it("parses the Contract's example automation, dropping id and priority", () => {
    const parsed = automationInputSchema.parse(contractExample);
    expect(parsed.name).toBe("High-value annual dunning");
    expect(parsed.conditions).toEqual(contractExample.conditions);
    expect(parsed.steps).toEqual(contractExample.steps);
    expect(parsed).not.toHaveProperty("id");
    expect(parsed).not.toHaveProperty("priority");
  });

  it("accepts every Stripe billing period, keeping the contract's { interval } without a count", () => {
    const conditionsOf = (condition: object) =>
      automationInputSchema.parse(automation({ conditions: [condition] })).conditions;
    expect(conditionsOf({ type: "subscription_interval", interval: "year" })).toEqual([
      { type: "subscription_interval", interval: "year" },
    ]);
    expect(conditionsOf({ type: "subscription_interval", interval: "year" })[0]).not.toHaveProperty("intervalCount");
    for (const [interval, intervalCount] of [
      ["month", 3],
      ["month", 36],
      ["year", 3],
      ["week", 2],
      ["day", 1],
      ["month", 12],
    ] as const) {
      expect(conditionsOf({ type: "subscription_interval", interval, intervalCount })).toEqual([
        { type: "subscription_interval", interval, intervalCount },
      ]);
    }
  });

  it("accepts an automation without conditions and trims the name", () => {
    const parsed = automationInputSchema.parse(automation({ name: "  Overdue alert  " }));
    expect(parsed.name).toBe("Overdue alert");
    expect(parsed.conditions).toEqual([]);
  });

  it("fills a missing amount bound with null", () => {
    const parsed = automationInputSchema.parse(automation({ conditions: [{ type: "invoice_amount", min: 50000 }] }));
    expect(parsed.conditions).toEqual([{ type: "invoice_amount", min: 50000, max: null }]);
  });

  it("accepts the due-date trigger's first delay counting back from the due date", () => {
    const parsed = automationInputSchema.parse(
      automation({
        trigger: "invoice_due_date_upcoming",
        steps: [
          { type: "delay", amount: -7, unit: "days", from: "due_date" },
          {
            type: "action",
            action: "send_invoice_will_be_due_webhook",
            params: { url: "https://hooks.example.com/x" },
          },
          { type: "delay", amount: 6, unit: "days" },
          { type: "action", action: "send_team_email", params: { memo: "Due tomorrow" } },
        ],
      }),
    );
    expect(parsed.steps[0]).toEqual({ type: "delay", amount: -7, unit: "days", from: "due_date" });
  });

  describe("refuses, naming the field and what is allowed", () => {
    it("an action the trigger does not allow", () => {
      const issue = issueAt(
        automation({
          trigger: "invoice_finalized",
          steps: [
            { type: "action", action: "send_team_email" },
            { type: "delay", amount: 1, unit: "days" },
            { type: "action", action: "cancel_subscription" },
          ],
        }),
        "steps.2.action",
      );
      expect(issue.message).toBe(
        "cancel_subscription is not allowed on invoice_finalized; allowed: mark_invoice_uncollectible, send_team_email, send_customer_email, send_slack_message, send_http_request",
      );
    });

    it("an unknown action", () => {
      const issue = issueAt(automation({ steps: [{ type: "action", action: "refund" }] }), "steps.0.action");
      expect(issue.message).toContain("action must be one of: set_retry_policy,");
    });

    it("an unknown trigger", () => {
      const issue = issueAt(automation({ trigger: "invoice_paid" }), "trigger");
      expect(issue.message).toContain("trigger must be one of: invoice_due_date_upcoming,");
    });

    it("an empty or over-long name", () => {
      expect(issueAt(automation({ name: "   " }), "name").message).toBe("name must not be empty");
      expect(issueAt(automation({ name: "x".repeat(121) }), "name").message).toBe(
        "name must be at most 120 characters",
      );
    });

    it("steps without an action", () => {
      expect(issueAt(automation({ steps: [] }), "steps").message).toBe("steps must include at least one action");
      expect(issueAt(automation({ steps: [{ type: "delay", amount: 1, unit: "days" }] }), "steps").message).toBe(
        "steps must include at least one action",
      );
    });

    it("a step of unknown type", () => {
      const issue = issueAt(automation({ steps: [{ type: "wait", amount: 1 }] }), "steps.0.type");
      expect(issue.message).toBe('type must be "action" or "delay"');
    });

    it("retry policy params outside 1..10 positive whole retries", () => {
      const eleven = Array.from({ length: 11 }, () => ({ amount: 1, unit: "days" }));
      const tooMany = automation({
        trigger: "subscription_payment_failed",
        steps: [{ type: "action", action: "set_retry_policy", params: { retries: eleven } }],
      });
      expect(issueAt(tooMany, "steps.0.params.retries").message).toBe("retries must list 1 to 10 retries");

      const zero = automation({
        trigger: "subscription_payment_failed",
        steps: [{ type: "action", action: "set_retry_policy", params: { retries: [{ amount: 0, unit: "days" }] } }],
      });
      expect(issueAt(zero, "steps.0.params.retries.0.amount").message).toBe("amount must be at least 1");

      const weeks = automation({
        trigger: "subscription_payment_failed",
        steps: [{ type: "action", action: "set_retry_policy", params: { retries: [{ amount: 1, unit: "weeks" }] } }],
      });
      expect(issueAt(weeks, "steps.0.params.retries.0.unit").message).toBe(
        "unit must be one of: seconds, minutes, hours, days",
      );
    });

    it("a retry policy without params", () => {
      const issue = issueAt(
        automation({ trigger: "subscription_payment_failed", steps: [{ type: "action", action: "set_retry_policy" }] }),
        "steps.0.params.retries",
      );
      expect(issue.message).toBe("retries must be a list of { amount, unit }");
    });

    it("a team email to something that is not an address", () => {
      const issue = issueAt(
        automation({ steps: [{ type: "action", action: "send_team_email", params: { to: ["ops"] } }] }),
        "steps.0.params.to.0",
      );
      expect(issue.message).toBe("to must contain email addresses");
    });

    it("a survey link or webhook URL that is not http(s)", () => {
      const survey = automation({
        trigger: "subscription_canceled",
        steps: [{ type: "action", action: "send_cancellation_email", params: { surveyUrl: "javascript:alert(1)" } }],
      });
      expect(issueAt(survey, "steps.0.params.surveyUrl").message).toBe("surveyUrl must be an http:// or https:// URL");

      const webhook = automation({
        trigger: "invoice_due_date_upcoming",
        steps: [{ type: "action", action: "send_invoice_will_be_due_webhook", params: { url: "not a url" } }],
      });
      expect(issueAt(webhook, "steps.0.params.url").message).toBe("url must be an http:// or https:// URL");
    });

    it("unknown params, listing the ones the action takes", () => {
      const typo = automation({
        trigger: "subscription_canceled",
        steps: [{ type: "action", action: "send_cancellation_email", params: { surveyURL: "https://x.example" } }],
      });
      expect(issueAt(typo, "steps.0.params").message).toBe(
        "surveyURL is not a field of send_cancellation_email params; allowed: surveyUrl",
      );

      const none = automation({
        trigger: "invoice_overdue",
        steps: [{ type: "action", action: "mark_invoice_uncollectible", params: { force: true } }],
      });
      expect(issueAt(none, "steps.0.params").message).toBe("mark_invoice_uncollectible takes no params; remove force");
    });

    it("a misspelt field on a step", () => {
      const issue = issueAt(
        automation({
          trigger: "invoice_due_date_upcoming",
          steps: [
            { type: "delay", amount: 1, unit: "days", form: "due_date" },
            { type: "action", action: "send_team_email" },
          ],
        }),
        "steps.0",
      );
      expect(issue.message).toBe("form is not a field of a delay step; allowed: type, amount, unit, from");
    });

    it("a negative delay or from: due_date outside the due-date trigger", () => {
      const input = automation({
        steps: [
          { type: "delay", amount: -2, unit: "days", from: "due_date" },
          { type: "action", action: "send_team_email" },
        ],
      });
      expect(issueAt(input, "steps.0.amount").message).toBe(
        "amount must be 0 or more on invoice_overdue; negative amounts (before the due date) are allowed only on invoice_due_date_upcoming",
      );
      expect(issueAt(input, "steps.0.from").message).toBe(
        '"from": "due_date" is allowed only on invoice_due_date_upcoming, not on invoice_overdue',
      );
    });

    it("from: due_date on any delay but the first", () => {
      const issue = issueAt(
        automation({
          trigger: "invoice_due_date_upcoming",
          steps: [
            { type: "delay", amount: -7, unit: "days", from: "due_date" },
            { type: "action", action: "send_team_email" },
            { type: "delay", amount: -1, unit: "days", from: "due_date" },
            { type: "action", action: "send_invoice_will_be_due_webhook" },
          ],
        }),
        "steps.2.from",
      );
      expect(issue.message).toContain('only the first delay may say "from": "due_date"');
    });

    it("a negative delay that does not count from the due date", () => {
      const issue = issueAt(
        automation({
          trigger: "invoice_due_date_upcoming",
          steps: [
            { type: "delay", amount: -7, unit: "days" },
            { type: "action", action: "send_team_email" },
          ],
        }),
        "steps.0.amount",
      );
      expect(issue.message).toBe(
        'a negative amount counts back from the due date: add "from": "due_date" (first delay only)',
      );
    });

    it("a delay in fractions or unknown units", () => {
      const input = automation({
        steps: [
          { type: "delay", amount: 1.5, unit: "weeks" },
          { type: "action", action: "send_team_email" },
        ],
      });
      expect(issueAt(input, "steps.0.amount").message).toBe("amount must be a whole number");
      expect(issueAt(input, "steps.0.unit").message).toBe("unit must be one of: seconds, minutes, hours, days");
    });

    it("a second subscription_interval condition", () => {
      const issue = issueAt(
        automation({
          conditions: [
            { type: "subscription_interval", interval: "year" },
            { type: "subscription_interval", interval: "month" },
          ],
        }),
        "conditions.1",
      );
      expect(issue.message).toBe("only one subscription_interval condition is allowed (conditions.0 already sets one)");
    });

    it("an unknown condition type", () => {
      const issue = issueAt(automation({ conditions: [{ type: "country", value: "FR" }] }), "conditions.0.type");
      expect(issue.message).toBe(
        "type must be one of: customer_metadata, invoice_metadata, invoice_amount, subscription_interval, product, subscription_metadata, decline",
      );
    });

    it("invoice amounts that are unset, reversed, negative or fractional", () => {
      expect(
        issueAt(automation({ conditions: [{ type: "invoice_amount", min: null, max: null }] }), "conditions.0.min")
          .message,
      ).toBe("set min, max or both (minor units of the default currency)");
      expect(
        issueAt(automation({ conditions: [{ type: "invoice_amount", min: 500, max: 100 }] }), "conditions.0.max")
          .message,
      ).toBe("max must be at least min (500)");
      expect(
        issueAt(automation({ conditions: [{ type: "invoice_amount", min: -1, max: null }] }), "conditions.0.min")
          .message,
      ).toBe("min must be 0 or more");
      expect(
        issueAt(automation({ conditions: [{ type: "invoice_amount", min: null, max: 9.99 }] }), "conditions.0.max")
          .message,
      ).toContain("max must be a whole number of minor units");
    });

    it("a product condition without products, and intervals Stripe does not have", () => {
      expect(
        issueAt(automation({ conditions: [{ type: "product", products: [] }] }), "conditions.0.products").message,
      ).toBe("products must list at least one product id");
      expect(
        issueAt(
          automation({ conditions: [{ type: "subscription_interval", interval: "quarter" }] }),
          "conditions.0.interval",
        ).message,
      ).toBe("interval must be one of: day, week, month, year");
    });

    it("an interval count that is not a whole number of 1 or more, or longer than Stripe bills", () => {
      const countIssue = (intervalCount: unknown, interval = "month") =>
        issueAt(
          automation({ conditions: [{ type: "subscription_interval", interval, intervalCount }] }),
          "conditions.0.intervalCount",
        ).message;
      const whole =
        "intervalCount must be a whole number of 1 or more (e.g. 3 with month: quarterly), or left out for 1";
      expect(countIssue(0)).toBe(whole);
      expect(countIssue(-3)).toBe(whole);
      expect(countIssue(1.5)).toBe(whole);
      expect(countIssue("3")).toBe(whole);
      expect(countIssue(null)).toBe(whole);
      expect(countIssue(37)).toBe("intervalCount must be at most 36 with month: Stripe bills at least every 3 years");
      expect(countIssue(4, "year")).toBe(
        "intervalCount must be at most 3 with year: Stripe bills at least every 3 years",
      );
      expect(countIssue(157, "week")).toBe(
        "intervalCount must be at most 156 with week: Stripe bills at least every 3 years",
      );
    });

    it("metadata conditions with an empty key", () => {
      const issue = issueAt(
        automation({ conditions: [{ type: "customer_metadata", key: "", value: "x" }] }),
        "conditions.0.key",
      );
      expect(issue.message).toBe("key must not be empty");
    });
  });
});

describe("formatZodIssues and summarizeZodIssues", () => {
  it("give dotted paths and one readable line", () => {
    const result = automationInputSchema.safeParse(
      automation({
        name: "",
        trigger: "invoice_finalized",
        steps: [{ type: "action", action: "cancel_subscription" }],
      }),
    );
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatZodIssues(result.error)).toEqual([
      { path: "name", message: "name must not be empty" },
      {
        path: "steps.0.action",
        message:
          "cancel_subscription is not allowed on invoice_finalized; allowed: mark_invoice_uncollectible, send_team_email, send_customer_email, send_slack_message, send_http_request",
      },
    ]);
    expect(summarizeZodIssues(result.error)).toBe(
      "name: name must not be empty; steps.0.action: cancel_subscription is not allowed on invoice_finalized; allowed: mark_invoice_uncollectible, send_team_email, send_customer_email, send_slack_message, send_http_request",
    );
  });
});

describe("automation patches", () => {
  const stored: AutomationInput = automationInputSchema.parse(contractExample);

  it("accepts any subset of fields", () => {
    expect(automationPatchSchema.parse({ name: "Renamed" })).toEqual({ name: "Renamed" });
  });

  it("keeps the stored fields the patch leaves out", () => {
    const result = applyAutomationPatch(stored, { name: "Renamed", status: "paused" });
    expect(result.success && result.data).toMatchObject({ name: "Renamed", status: "paused", steps: stored.steps });
  });

  it("re-checks the stored steps against a new trigger", () => {
    const result = applyAutomationPatch(stored, { trigger: "invoice_finalized" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatZodIssues(result.error)).toContainEqual({
      path: "steps.2.action",
      message:
        "set_retry_policy is not allowed on invoice_finalized; allowed: mark_invoice_uncollectible, send_team_email, send_customer_email, send_slack_message, send_http_request",
    });
  });

  it("refuses a bad field in the patch itself", () => {
    const result = applyAutomationPatch(stored, { steps: [] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatZodIssues(result.error)).toEqual([
      { path: "steps", message: "steps must include at least one action" },
    ]);
  });
});

describe("warningsFor", () => {
  it("has nothing to say about the Contract's example", () => {
    expect(warningsFor(automationInputSchema.parse(contractExample))).toEqual([]);
  });

  it("warns that steps after cancel_subscription never run", () => {
    const parsed = automationInputSchema.parse(
      automation({
        trigger: "subscription_payment_failed",
        steps: [
          { type: "action", action: "cancel_subscription" },
          { type: "action", action: "mark_invoice_uncollectible" },
        ],
      }),
    );
    expect(warningsFor(parsed)).toEqual([
      "steps after cancel_subscription (steps.0) never run: canceling the subscription ends the run",
    ]);
  });

  it("warns about a trailing delay and invoice conditions on subscription_canceled", () => {
    const parsed = automationInputSchema.parse(
      automation({
        trigger: "subscription_canceled",
        conditions: [{ type: "invoice_amount", min: 100, max: null }],
        steps: [
          { type: "action", action: "send_cancellation_email" },
          { type: "delay", amount: 1, unit: "days" },
        ],
      }),
    );
    expect(warningsFor(parsed)).toEqual([
      "the last step is a delay: nothing runs after it",
      "conditions.0 (invoice_amount) never holds on subscription_canceled: there is no invoice on this trigger",
    ]);
  });
});
