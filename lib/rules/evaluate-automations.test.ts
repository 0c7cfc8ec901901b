import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import type { Condition } from "@/lib/automations/schema";
import {
  NO_MATCH_SUMMARY,
  compileAutomationRules,
  evaluateAutomations,
  type AutomationToMatch,
  type EvaluateAutomationsOptions,
} from "@/lib/rules/evaluate-automations";
import type { CustomerLike } from "@/lib/conditions/facts";
import { eventDataObject, type StripeObject } from "@/lib/rules/facts";
import { matchTraceSchema } from "@/lib/rules/match-trace";

const fixtures = path.resolve(__dirname, "../samples/fixtures");

function fixtureObject(relativePath: string): StripeObject {
  const object = eventDataObject(JSON.parse(readFileSync(path.join(fixtures, relativePath), "utf8")));
  if (!object) throw new Error(`no data.object in ${relativePath}`);
  return object;
}

// ---- factories --------------------------------------------------------------------------------

/** A basil-shaped invoice of a subscription: $500.00 due, one line of prod_A, lines without interval. */
function invoice(overrides: StripeObject = {}): StripeObject {
  return {
    id: "in_1",
    object: "invoice",
    customer: "cus_1",
    currency: "usd",
    amount_due: 50000,
    total: 50000,
    metadata: { region: "eu" },
    parent: { type: "subscription_details", subscription_details: { subscription: "sub_1" } },
    lines: { data: [{ pricing: { price_details: { product: "prod_A" } } }], has_more: false },
    ...overrides,
  };
}

function yearlySubscription(id = "sub_1"): StripeObject {
  return {
    id,
    object: "subscription",
    customer: "cus_1",
    items: { data: [{ price: { product: "prod_A", recurring: { interval: "year" } } }] },
  };
}

/** Automations in the given order, priorities 1..n, each with the given conditions. */
function inOrder(...conditionLists: Condition[][]): AutomationToMatch[] {
  return conditionLists.map((conditions, index) => ({
    id: `aut_${index + 1}`,
    name: `Automation ${index + 1}`,
    priority: index + 1,
    conditions,
  }));
}

/** Loaders backed by maps, recording every call. */
function recordingLoaders(
  data: { customers?: Record<string, CustomerLike>; subscriptions?: Record<string, StripeObject> } = {},
) {
  const calls = { customer: [] as string[], subscription: [] as string[] };
  const loaders = {
    customer: async (id: string) => {
      calls.customer.push(id);
      return data.customers?.[id] ?? null;
    },
    subscription: async (id: string) => {
      calls.subscription.push(id);
      return data.subscriptions?.[id] ?? null;
    },
  };
  return { loaders, calls };
}

function evaluate(overrides: Partial<EvaluateAutomationsOptions> & Pick<EvaluateAutomationsOptions, "automations">) {
  return evaluateAutomations({
    trigger: "subscription_payment_failed",
    object: invoice(),
    loaders: recordingLoaders().loaders,
    settings: { defaultCurrency: "usd", exchangeRates: { eur: 1.08 } },
    ...overrides,
  });
}

const enterprise: Condition = { type: "customer_metadata", key: "segment", value: "enterprise" };
const yearly: Condition = { type: "subscription_interval", interval: "year" };

// ---- first match ------------------------------------------------------------------------------

describe("evaluateAutomations: first match", () => {
  it("runs only the first matching automation", async () => {
    const trace = await evaluate({ automations: inOrder([{ type: "product", products: ["prod_A"] }], []) });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(trace.summary).toBe("Matched “Automation 1” (priority 1)");
    expect(trace.checked.map((checked) => checked.automationId)).toEqual(["aut_1"]);
  });

  it("falls through to the next when the first does not match", async () => {
    const { loaders } = recordingLoaders({ customers: { cus_1: { metadata: { segment: "smb" } } } });
    const trace = await evaluate({ loaders, automations: inOrder([enterprise], []) });

    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(trace.summary).toBe("Matched “Automation 2” (priority 2)");
    expect(trace.checked).toEqual([
      {
        automationId: "aut_1",
        name: "Automation 1",
        priority: 1,
        matched: false,
        conditions: [
          {
            type: "customer_metadata",
            description: "Customer metadata segment = enterprise",
            expected: "enterprise",
            actual: "smb",
            passed: false,
          },
        ],
      },
      { automationId: "aut_2", name: "Automation 2", priority: 2, matched: true, conditions: [] },
    ]);
  });

  it("no match says Stripe's default settings apply", async () => {
    const trace = await evaluate({
      automations: inOrder(
        [{ type: "product", products: ["prod_Z"] }],
        [{ type: "invoice_metadata", key: "region", value: "us" }],
      ),
    });
    expect(trace.matchedAutomationId).toBeNull();
    expect(trace.summary).toBe("No automation matched — Stripe's default settings apply");
    expect(trace.summary).toBe(NO_MATCH_SUMMARY);
    expect(trace.checked.map((checked) => checked.matched)).toEqual([false, false]);
  });

  it("says the same when the trigger has no active automations", async () => {
    const trace = await evaluate({ automations: [] });
    expect(trace).toEqual({
      trigger: "subscription_payment_failed",
      matchedAutomationId: null,
      summary: NO_MATCH_SUMMARY,
      checked: [],
      stripeReads: { customer: 0, subscription: 0 },
    });
  });

  it("ties impossible: 20 automations with no conditions → exactly the first matches", async () => {
    const automations = inOrder(...Array.from({ length: 20 }, () => []));
    const priorities = compileAutomationRules(automations).map((rule) => rule.priority ?? 0);
    expect(new Set(priorities).size).toBe(20);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));

    const trace = await evaluate({ automations });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(trace.checked).toHaveLength(1);
  });

  it("follows the given order even when a later automation's priority number is smaller", async () => {
    const [first, second] = inOrder([], []);
    const trace = await evaluate({
      automations: [
        { ...second!, priority: 2 },
        { ...first!, priority: 1 },
      ],
    });
    expect(trace.matchedAutomationId).toBe("aut_2");
  });
});

// ---- conditions -------------------------------------------------------------------------------

describe("evaluateAutomations: conditions", () => {
  it("requires every condition to hold", async () => {
    const { loaders } = recordingLoaders({
      customers: { cus_1: { metadata: { segment: "enterprise" } } },
      subscriptions: { sub_1: yearlySubscription() },
    });
    const all: Condition[] = [
      enterprise,
      { type: "invoice_metadata", key: "region", value: "eu" },
      { type: "invoice_amount", min: 10000, max: null },
      yearly,
      { type: "product", products: ["prod_A", "prod_B"] },
    ];
    const matching = await evaluate({ loaders, automations: inOrder(all) });
    expect(matching.matchedAutomationId).toBe("aut_1");
    expect(matching.checked[0]?.conditions.map((condition) => condition.passed)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);

    const oneFails = await evaluate({
      loaders,
      automations: inOrder([...all, { type: "invoice_amount", min: null, max: 100 }]),
    });
    expect(oneFails.matchedAutomationId).toBeNull();
  });

  it("compares amounts in the default currency", async () => {
    const trace = await evaluate({
      object: invoice({ currency: "eur", amount_due: 10000 }),
      automations: inOrder([{ type: "invoice_amount", min: 10500, max: 11000 }]),
    });
    expect(trace.checked[0]?.conditions[0]).toEqual({
      type: "invoice_amount",
      description: "Invoice amount between $105.00 and $110.00",
      expected: { min: 10500, max: 11000 },
      actual: 10800,
      passed: true,
    });
  });

  it("uses total when amount_due is missing", async () => {
    const trace = await evaluate({
      object: invoice({ amount_due: undefined, total: 20000 }),
      automations: inOrder([{ type: "invoice_amount", min: 20000, max: null }]),
    });
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: 20000, passed: true });
  });

  it("finds only the metadata's own keys", async () => {
    const { loaders } = recordingLoaders({ customers: { cus_1: { metadata: {} } } });
    const trace = await evaluate({
      loaders,
      automations: inOrder([{ type: "customer_metadata", key: "constructor", value: "x" }]),
    });
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: null, passed: false });
  });

  it("matches a product condition when any listed product is on the invoice", async () => {
    const trace = await evaluate({ automations: inOrder([{ type: "product", products: ["prod_X", "prod_A"] }]) });
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: ["prod_A"], passed: true });
  });

  it("reads products and interval from the subscription itself on subscription_canceled", async () => {
    const { loaders, calls } = recordingLoaders();
    const trace = await evaluate({
      trigger: "subscription_canceled",
      object: fixtureObject("stripe-sync-engine/subscription_deleted.json"),
      loaders,
      automations: inOrder([
        { type: "product", products: ["prod_Ip4vqwv3EJ7Mi0"] },
        { type: "subscription_interval", interval: "month" },
      ]),
    });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(calls).toEqual({ customer: [], subscription: [] });
  });
});

// ---- billing periods --------------------------------------------------------------------------

/** A subscription billed every `count` `interval`s, as a basil-and-later Stripe returns it. */
function subscriptionBilledEvery(interval: string, count: number, id = "sub_1"): StripeObject {
  return {
    id,
    object: "subscription",
    customer: "cus_1",
    items: { data: [{ price: { product: "prod_A", recurring: { interval, interval_count: count } } }] },
  };
}

/** A 2020-03-02 invoice whose line carries the price, and so the billing period. */
function invoiceWithPrice(interval: string, count: number): StripeObject {
  return invoice({
    lines: {
      data: [{ price: { product: "prod_A", recurring: { interval, interval_count: count } } }],
      has_more: false,
    },
  });
}

const monthly: Condition = { type: "subscription_interval", interval: "month" };
const quarterly: Condition = { type: "subscription_interval", interval: "month", intervalCount: 3 };

describe("evaluateAutomations: billing periods", () => {
  it("does not call a quarterly subscription monthly: it falls through to month × 3", async () => {
    const { loaders, calls } = recordingLoaders({ subscriptions: { sub_1: subscriptionBilledEvery("month", 3) } });
    const trace = await evaluate({ loaders, automations: inOrder([monthly], [yearly], [quarterly]) });
    expect(trace.matchedAutomationId).toBe("aut_3");
    expect(trace.checked.map((checked) => checked.conditions[0])).toEqual([
      {
        type: "subscription_interval",
        description: "Subscription is billed monthly",
        expected: { interval: "month", intervalCount: 1 },
        actual: { interval: "month", intervalCount: 3 },
        passed: false,
      },
      {
        type: "subscription_interval",
        description: "Subscription is billed yearly",
        expected: { interval: "year", intervalCount: 1 },
        actual: { interval: "month", intervalCount: 3 },
        passed: false,
      },
      {
        type: "subscription_interval",
        description: "Subscription is billed every 3 months",
        expected: { interval: "month", intervalCount: 3 },
        actual: { interval: "month", intervalCount: 3 },
        passed: true,
      },
    ]);
    expect(calls.subscription).toEqual(["sub_1"]);
  });

  it("counts a price billed every 12 months as yearly, and a yearly one as every 12 months", async () => {
    const everyTwelveMonths = { type: "subscription_interval", interval: "month", intervalCount: 12 } as const;
    for (const [subscription, condition] of [
      [subscriptionBilledEvery("month", 12), yearly],
      [subscriptionBilledEvery("year", 1), everyTwelveMonths],
      [subscriptionBilledEvery("month", 24), { type: "subscription_interval", interval: "year", intervalCount: 2 }],
    ] as const) {
      const { loaders } = recordingLoaders({ subscriptions: { sub_1: subscription } });
      const trace = await evaluate({ loaders, automations: inOrder([monthly], [condition]) });
      expect(trace.matchedAutomationId).toBe("aut_2");
    }
  });

  it("matches only the exact period: weeks, days and other counts are other periods", async () => {
    const cases: Array<[StripeObject, Condition, boolean]> = [
      [subscriptionBilledEvery("week", 1), { type: "subscription_interval", interval: "week" }, true],
      [subscriptionBilledEvery("week", 2), { type: "subscription_interval", interval: "week" }, false],
      [subscriptionBilledEvery("week", 2), { type: "subscription_interval", interval: "week", intervalCount: 2 }, true],
      [subscriptionBilledEvery("day", 1), { type: "subscription_interval", interval: "day" }, true],
      [subscriptionBilledEvery("week", 52), yearly, false],
      [subscriptionBilledEvery("month", 6), quarterly, false],
      [subscriptionBilledEvery("month", 1), quarterly, false],
      [
        subscriptionBilledEvery("month", 1),
        { type: "subscription_interval", interval: "month", intervalCount: 1 },
        true,
      ],
    ];
    for (const [subscription, condition, passed] of cases) {
      const { loaders } = recordingLoaders({ subscriptions: { sub_1: subscription } });
      const trace = await evaluate({ loaders, automations: inOrder([condition]) });
      expect(trace.checked[0]?.conditions[0]?.passed, JSON.stringify([subscription.items, condition])).toBe(passed);
    }
  });

  it("reads the period from the lines of older payloads without reading the subscription", async () => {
    const { loaders, calls } = recordingLoaders();
    const trace = await evaluate({
      object: invoiceWithPrice("month", 3),
      loaders,
      automations: inOrder([monthly], [quarterly]),
    });
    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: { interval: "month", intervalCount: 3 } });
    expect(calls.subscription).toEqual([]);
  });

  it("gives the same answer for a basil invoice (the subscription read) and a 2020-03-02 one (its lines)", async () => {
    for (const [interval, count] of [
      ["month", 1],
      ["month", 3],
      ["month", 12],
      ["year", 1],
      ["week", 2],
    ] as const) {
      const automations = inOrder([monthly], [quarterly], [yearly], []);
      const { loaders } = recordingLoaders({ subscriptions: { sub_1: subscriptionBilledEvery(interval, count) } });
      const fromSubscription = await evaluate({ loaders, automations });
      const fromLines = await evaluate({ object: invoiceWithPrice(interval, count), automations });
      expect(fromLines.matchedAutomationId).toBe(fromSubscription.matchedAutomationId);
      expect(fromLines.checked).toEqual(fromSubscription.checked);
    }
  });

  it("reads interval_count from a subscription's items and its pre-2019 top-level plan on subscription_canceled", async () => {
    const withItems = await evaluate({
      trigger: "subscription_canceled",
      object: subscriptionBilledEvery("month", 3),
      automations: inOrder([monthly], [quarterly]),
    });
    expect(withItems.matchedAutomationId).toBe("aut_2");
    const oldShape = await evaluate({
      trigger: "subscription_canceled",
      object: { id: "sub_old", object: "subscription", plan: { interval: "month", interval_count: 3 } },
      automations: inOrder([monthly], [quarterly]),
    });
    expect(oldShape.matchedAutomationId).toBe("aut_2");
  });

  it("fails, saying nothing was found, when no price of the subscription is recurring", async () => {
    const { loaders } = recordingLoaders({ subscriptions: { sub_1: { id: "sub_1", items: { data: [{}] } } } });
    const trace = await evaluate({ loaders, automations: inOrder([monthly]) });
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: null, passed: false });
  });
});

// ---- Stripe reads -----------------------------------------------------------------------------

describe("evaluateAutomations: Stripe reads", () => {
  it("loads the customer once even when two automations need it", async () => {
    const { loaders, calls } = recordingLoaders({
      customers: { cus_1: { metadata: { segment: "smb", tier: "gold" } } },
    });
    const trace = await evaluate({
      loaders,
      automations: inOrder([enterprise], [{ type: "customer_metadata", key: "tier", value: "gold" }, enterprise]),
    });
    expect(calls.customer).toEqual(["cus_1"]);
    expect(trace.stripeReads).toEqual({ customer: 1, subscription: 0 });
  });

  it("never reads Stripe when the payload suffices", async () => {
    // 2020-03-02 invoice: its lines carry the product and the interval.
    const { loaders, calls } = recordingLoaders();
    const trace = await evaluate({
      trigger: "invoice_finalized",
      object: fixtureObject("stripe-sync-engine/invoice_finalized.json"),
      loaders,
      automations: inOrder(
        [{ type: "subscription_interval", interval: "year" }],
        [
          { type: "subscription_interval", interval: "month" },
          { type: "product", products: ["prod_Ip4vqwv3EJ7Mi0"] },
          { type: "invoice_amount", min: null, max: 0 },
          { type: "invoice_metadata", key: "plan", value: "free" },
        ],
        [],
      ),
    });
    expect(trace.matchedAutomationId).toBe("aut_3");
    expect(calls).toEqual({ customer: [], subscription: [] });
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 0 });
  });

  it("uses an expanded customer's metadata without a read", async () => {
    const { loaders, calls } = recordingLoaders();
    const trace = await evaluate({
      object: invoice({ customer: { id: "cus_1", metadata: { segment: "enterprise" } } }),
      loaders,
      automations: inOrder([enterprise]),
    });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(calls.customer).toEqual([]);
  });

  it("reads the subscription once for its interval when basil invoice lines do not say", async () => {
    const { loaders, calls } = recordingLoaders({ subscriptions: { sub_1234: yearlySubscription("sub_1234") } });
    const trace = await evaluate({
      object: fixtureObject("pay-rails/invoice.payment_failed.json"),
      loaders,
      automations: inOrder([{ type: "subscription_interval", interval: "month" }], [yearly]),
    });
    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(trace.checked[0]?.conditions[0]).toMatchObject({
      expected: { interval: "month", intervalCount: 1 },
      actual: { interval: "year", intervalCount: 1 },
      passed: false,
    });
    expect(calls.subscription).toEqual(["sub_1234"]);
  });

  it("does not read Stripe for an automation whose payload conditions already failed", async () => {
    const { loaders, calls } = recordingLoaders();
    const trace = await evaluate({
      loaders,
      automations: inOrder([enterprise, { type: "product", products: ["prod_Z"] }]),
    });
    expect(calls.customer).toEqual([]);
    expect(trace.checked[0]?.conditions).toEqual([
      {
        type: "customer_metadata",
        description: "Customer metadata segment = enterprise",
        expected: "enterprise",
        actual: null,
        passed: false,
        skipped: "not checked: an earlier condition failed",
      },
      { type: "product", description: "Product prod_Z", expected: ["prod_Z"], actual: ["prod_A"], passed: false },
    ]);
  });

  it("lets a loader's error propagate instead of treating it as no match", async () => {
    const loaders = {
      customer: () => Promise.reject(new Error("Stripe is down")),
      subscription: () => Promise.resolve(null),
    };
    await expect(evaluate({ loaders, automations: inOrder([enterprise], []) })).rejects.toThrow(
      "reading customer from Stripe failed while matching automations",
    );
  });
});

// ---- unavailable facts ------------------------------------------------------------------------

describe("evaluateAutomations: unavailable facts", () => {
  it("unavailable facts fail with a reason", async () => {
    const trace = await evaluate({
      unavailableReason: "dry-run: no STRIPE_SECRET_KEY",
      automations: inOrder([enterprise], [yearly], []),
    });
    expect(trace.matchedAutomationId).toBe("aut_3");
    expect(trace.checked[0]?.conditions[0]).toMatchObject({
      passed: false,
      actual: null,
      unavailable: "could not read customer cus_1: dry-run: no STRIPE_SECRET_KEY",
    });
    expect(trace.checked[1]?.conditions[0]).toMatchObject({
      passed: false,
      unavailable: "could not read subscription sub_1: dry-run: no STRIPE_SECRET_KEY",
    });
    expect(trace.stripeReads).toEqual({ customer: 1, subscription: 1 });
  });

  it("says when Stripe does not know the customer, or it was deleted", async () => {
    const missing = await evaluate({ automations: inOrder([enterprise]) });
    expect(missing.checked[0]?.conditions[0]?.unavailable).toBe("customer cus_1 was not found in Stripe");

    const { loaders } = recordingLoaders({ customers: { cus_1: { deleted: true } } });
    const deleted = await evaluate({ loaders, automations: inOrder([enterprise]) });
    expect(deleted.checked[0]?.conditions[0]?.unavailable).toBe("customer cus_1 was deleted");
  });

  it("says when no exchange rate is known for the invoice's currency", async () => {
    const trace = await evaluate({
      object: invoice({ currency: "jpy", amount_due: 1000 }),
      automations: inOrder([{ type: "invoice_amount", min: 100, max: null }]),
    });
    expect(trace.checked[0]?.conditions[0]).toMatchObject({
      passed: false,
      actual: null,
      unavailable: "no exchange rate for JPY",
    });
  });

  it("has no invoice amount or metadata on subscription_canceled", async () => {
    const trace = await evaluate({
      trigger: "subscription_canceled",
      object: yearlySubscription(),
      automations: inOrder(
        [{ type: "invoice_amount", min: 1, max: null }],
        [{ type: "invoice_metadata", key: "region", value: "eu" }],
      ),
    });
    expect(trace.matchedAutomationId).toBeNull();
    expect(trace.checked.map((checked) => checked.conditions[0]?.unavailable)).toEqual([
      "no invoice on this trigger",
      "no invoice on this trigger",
    ]);
  });

  it("says when an invoice does not belong to a subscription", async () => {
    const { loaders, calls } = recordingLoaders();
    const trace = await evaluate({
      trigger: "invoice_finalized",
      object: invoice({ parent: null }),
      loaders,
      automations: inOrder([yearly]),
    });
    expect(trace.checked[0]?.conditions[0]?.unavailable).toBe("the invoice does not belong to a subscription");
    expect(calls.subscription).toEqual([]);
  });

  it("says a product may be on lines the payload does not list", async () => {
    const trace = await evaluate({
      object: invoice({ lines: { data: [{ price: { product: "prod_A" } }], has_more: true } }),
      automations: inOrder([{ type: "product", products: ["prod_Z"] }]),
    });
    expect(trace.checked[0]?.conditions[0]).toMatchObject({
      passed: false,
      unavailable: "the payload lists only the invoice's first lines",
    });
  });
});

// ---- subscription metadata and declines ---------------------------------------------------------

describe("evaluateAutomations: subscription metadata and declines", () => {
  /** The invoice's payments as Stripe answers the read: one PaymentIntent whose last attempt was declined. */
  const declinedAs = (declineCode: string): StripeObject => ({
    id: "in_1",
    object: "invoice",
    payments: {
      data: [
        {
          id: "inpay_1",
          payment: {
            type: "payment_intent",
            payment_intent: { id: "pi_1", last_payment_error: { code: "card_declined", decline_code: declineCode } },
          },
        },
      ],
      has_more: false,
    },
  });

  it("takes subscription metadata from the invoice's snapshot while the interval still reads the subscription", async () => {
    const { loaders, calls } = recordingLoaders({
      subscriptions: { sub_1: { ...yearlySubscription(), metadata: { plan: "silver" } } },
    });
    const trace = await evaluate({
      object: invoice({
        parent: {
          type: "subscription_details",
          subscription_details: { subscription: "sub_1", metadata: { plan: "gold" } },
        },
      }),
      loaders,
      automations: inOrder([{ type: "subscription_metadata", key: "plan", value: "gold" }, yearly]),
    });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(trace.checked[0]?.conditions[0]).toMatchObject({
      description: "Subscription metadata plan = gold",
      actual: "gold",
      passed: true,
    });
    expect(calls.subscription).toEqual(["sub_1"]);
  });

  it("shares one subscription read between subscription metadata and the interval", async () => {
    const { loaders, calls } = recordingLoaders({
      subscriptions: { sub_1: { ...yearlySubscription(), metadata: { plan: "gold" } } },
    });
    const trace = await evaluate({
      loaders,
      automations: inOrder([monthly], [{ type: "subscription_metadata", key: "plan", value: "gold" }, yearly]),
    });
    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(calls.subscription).toEqual(["sub_1"]);
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 1 });
  });

  it("reads the last payment failure once, counted beside the customer read", async () => {
    const { loaders, calls } = recordingLoaders({ customers: { cus_1: { metadata: { segment: "smb" } } } });
    const payments: string[] = [];
    const trace = await evaluate({
      loaders: {
        ...loaders,
        paymentFailure: async (id) => {
          payments.push(id);
          return declinedAs("insufficient_funds");
        },
      },
      automations: inOrder(
        [{ type: "decline", kind: "hard" }],
        [enterprise, { type: "decline", kind: "soft" }],
        [{ type: "decline", codes: ["insufficient_funds"] }],
      ),
    });
    expect(trace.matchedAutomationId).toBe("aut_3");
    expect(payments).toEqual(["in_1"]);
    expect(calls.customer).toEqual(["cus_1"]);
    expect(trace.stripeReads).toEqual({ customer: 1, subscription: 0, paymentFailure: 1 });
    expect(trace.checked[0]?.conditions[0]).toEqual({
      type: "decline",
      description: "The last payment failure was a hard decline (a retry cannot fix it)",
      expected: "hard",
      actual: { code: "card_declined", declineCode: "insufficient_funds", kind: "soft" },
      passed: false,
    });
  });

  it("keeps traces with and without the payment-failure count readable", async () => {
    const withRead = await evaluate({
      loaders: { ...recordingLoaders().loaders, paymentFailure: async () => declinedAs("lost_card") },
      automations: inOrder([{ type: "decline", codes: ["lost_card"] }]),
    });
    expect(matchTraceSchema.parse(JSON.parse(JSON.stringify(withRead))).stripeReads.paymentFailure).toBe(1);
    const older = { ...withRead, stripeReads: { customer: 0, subscription: 0 } };
    expect(matchTraceSchema.safeParse(older).success).toBe(true);
  });
});
