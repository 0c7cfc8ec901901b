import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  customerIdOf,
  eventDataObject,
  expandedCustomerMetadata,
  invoiceAmount,
  invoiceExpandedSubscription,
  invoiceLineInterval,
  invoiceLineProductIds,
  invoiceMetadata,
  invoiceSubscriptionId,
  normalizeBillingPeriod,
  sameBillingPeriod,
  subscriptionInterval,
  subscriptionProductIds,
  type StripeObject,
} from "@/lib/rules/facts";

// Real payloads, copied byte for byte from public repositories (see the fixtures' README).
const fixtures = path.resolve(__dirname, "../samples/fixtures");

function fixtureObject(relativePath: string): StripeObject {
  const object = eventDataObject(JSON.parse(readFileSync(path.join(fixtures, relativePath), "utf8")));
  if (!object) throw new Error(`no data.object in ${relativePath}`);
  return object;
}

// basil (2025-03-31): the file is the event's data member, { object, previous_attributes }.
const basilInvoice = fixtureObject("pay-rails/invoice.payment_failed.json");
// 2020-03-02: full event envelopes.
const oldInvoice = fixtureObject("stripe-sync-engine/invoice_finalized.json");
const oldSubscription = fixtureObject("stripe-sync-engine/subscription_deleted.json");

describe("eventDataObject", () => {
  it("unwraps an envelope, an event's data member, or takes the object itself", () => {
    expect(oldInvoice.id).toBe("in_1KJdKkJDPojXS6LNSwSWkZSN");
    expect(basilInvoice.id).toBe("in_1234");
    expect(eventDataObject({ object: "invoice", id: "in_x" })).toEqual({ object: "invoice", id: "in_x" });
    expect(eventDataObject("not json")).toBeNull();
  });
});

describe("invoice facts, basil payload (2025-03-31)", () => {
  it("finds the subscription under parent.subscription_details", () => {
    expect(invoiceSubscriptionId(basilInvoice)).toBe("sub_1234");
  });

  it("finds line products under pricing.price_details", () => {
    expect(invoiceLineProductIds(basilInvoice)).toEqual(["prod_1234"]);
  });

  it("has no interval on its lines, so the subscription must be read", () => {
    expect(invoiceLineInterval(basilInvoice)).toBeNull();
  });

  it("reads the customer, amount and metadata", () => {
    expect(customerIdOf(basilInvoice)).toBe("cus_1234");
    expect(invoiceAmount(basilInvoice)).toEqual({ amount: 24900, currency: "usd" });
    expect(invoiceMetadata(basilInvoice)).toEqual({});
    expect(expandedCustomerMetadata(basilInvoice)).toBeNull();
  });
});

describe("invoice facts, 2020-03-02 payload", () => {
  it("finds the subscription at invoice.subscription", () => {
    expect(invoiceSubscriptionId(oldInvoice)).toBe("sub_K4J0aB2bmSyb6b");
  });

  it("finds line products under price.product", () => {
    expect(invoiceLineProductIds(oldInvoice)).toEqual(["prod_Ip4vqwv3EJ7Mi0"]);
  });

  it("reads the billing period from the lines' price.recurring, interval_count included", () => {
    expect(invoiceLineInterval(oldInvoice)).toEqual({ interval: "month", intervalCount: 1 });
  });

  it("reads the customer and the amount due", () => {
    expect(customerIdOf(oldInvoice)).toBe("cus_J7Mkgr8mvbl1eK");
    expect(invoiceAmount(oldInvoice)).toEqual({ amount: 0, currency: "usd" });
  });
});

describe("invoice facts, other shapes", () => {
  it("takes the id of an expanded subscription and uses it when it has items", () => {
    const subscription = {
      id: "sub_9",
      items: { data: [{ price: { product: "prod_9", recurring: { interval: "year" } } }] },
    };
    const invoice = { parent: { subscription_details: { subscription } } };
    expect(invoiceSubscriptionId(invoice)).toBe("sub_9");
    expect(invoiceExpandedSubscription(invoice)).toBe(subscription);
    expect(invoiceExpandedSubscription({ subscription: "sub_9" })).toBeNull();
  });

  it("reads plan.product and plan.interval, and expanded products", () => {
    const invoice = {
      lines: {
        data: [{ plan: { product: "prod_plan", interval: "year" } }, { price: { product: { id: "prod_expanded" } } }],
      },
    };
    expect(invoiceLineProductIds(invoice)).toEqual(["prod_plan", "prod_expanded"]);
    expect(invoiceLineInterval(invoice)).toEqual({ interval: "year", intervalCount: 1 });
  });

  it("reads interval_count beside the interval: a quarterly price is month × 3, not monthly", () => {
    const quarterly = { lines: { data: [{ price: { recurring: { interval: "month", interval_count: 3 } } }] } };
    expect(invoiceLineInterval(quarterly)).toEqual({ interval: "month", intervalCount: 3 });
    const oldPlan = { lines: { data: [{ plan: { interval: "week", interval_count: 2 } }] } };
    expect(invoiceLineInterval(oldPlan)).toEqual({ interval: "week", intervalCount: 2 });
  });

  it("skips lines without a recurring price (one-off items) and takes a missing or null count as 1", () => {
    const invoice = {
      lines: {
        data: [
          { price: { recurring: null } },
          { price: { recurring: { interval: "year", interval_count: null } } },
          { price: { recurring: { interval: "month", interval_count: 6 } } },
        ],
      },
    };
    expect(invoiceLineInterval(invoice)).toEqual({ interval: "year", intervalCount: 1 });
    // A count that is no whole number of 1 or more states no period; the plan beside it still may.
    const broken = { lines: { data: [{ price: { recurring: { interval: "month", interval_count: 0 } } }] } };
    expect(invoiceLineInterval(broken)).toBeNull();
    const withPlan = {
      lines: {
        data: [{ price: { recurring: { interval: "month", interval_count: "3" } }, plan: { interval: "month" } }],
      },
    };
    expect(invoiceLineInterval(withPlan)).toEqual({ interval: "month", intervalCount: 1 });
  });

  it("falls back to total without amount_due, and finds no subscription on a one-off invoice", () => {
    expect(invoiceAmount({ total: 500, currency: "eur" })).toEqual({ amount: 500, currency: "eur" });
    expect(invoiceAmount({ currency: "eur" })).toBeNull();
    expect(invoiceSubscriptionId({ subscription: null, parent: null })).toBeNull();
  });

  it("reads the metadata of an expanded customer", () => {
    expect(expandedCustomerMetadata({ customer: { id: "cus_1", metadata: { segment: "enterprise" } } })).toEqual({
      segment: "enterprise",
    });
    expect(customerIdOf({ customer: { id: "cus_1" } })).toBe("cus_1");
  });
});

describe("subscription facts", () => {
  it("reads products and interval from a 2020-03-02 subscription's items", () => {
    expect(subscriptionProductIds(oldSubscription)).toEqual(["prod_Ip4vqwv3EJ7Mi0"]);
    expect(subscriptionInterval(oldSubscription)).toEqual({ interval: "month", intervalCount: 1 });
    expect(customerIdOf(oldSubscription)).toBe("cus_IhGfebO16cMIGN");
  });

  it("reads a newer subscription whose items have only price, and an old one with only a top-level plan", () => {
    const newer = { items: { data: [{ price: { product: "prod_new", recurring: { interval: "year" } } }] } };
    expect(subscriptionProductIds(newer)).toEqual(["prod_new"]);
    expect(subscriptionInterval(newer)).toEqual({ interval: "year", intervalCount: 1 });
    expect(subscriptionInterval({ plan: { interval: "month" } })).toEqual({ interval: "month", intervalCount: 1 });
    expect(subscriptionInterval({})).toBeNull();
  });

  it("reads interval_count from the items' price, their plan, or the pre-2019 top-level plan", () => {
    const price = { items: { data: [{ price: { recurring: { interval: "month", interval_count: 3 } } }] } };
    expect(subscriptionInterval(price)).toEqual({ interval: "month", intervalCount: 3 });
    const plan = { items: { data: [{ plan: { interval: "month", interval_count: 12 } }] } };
    expect(subscriptionInterval(plan)).toEqual({ interval: "month", intervalCount: 12 });
    const topLevel = { items: { data: [] }, plan: { interval: "day", interval_count: 14 } };
    expect(subscriptionInterval(topLevel)).toEqual({ interval: "day", intervalCount: 14 });
  });
});

describe("billing periods", () => {
  it("count month × 12 as year × 1, and nothing else as the same", () => {
    expect(normalizeBillingPeriod({ interval: "month", intervalCount: 12 })).toEqual({
      interval: "year",
      intervalCount: 1,
    });
    expect(normalizeBillingPeriod({ interval: "month", intervalCount: 24 })).toEqual({
      interval: "year",
      intervalCount: 2,
    });
    expect(normalizeBillingPeriod({ interval: "month", intervalCount: 3 })).toEqual({
      interval: "month",
      intervalCount: 3,
    });

    const monthly = { interval: "month", intervalCount: 1 };
    expect(sameBillingPeriod(monthly, { interval: "month", intervalCount: 1 })).toBe(true);
    expect(sameBillingPeriod(monthly, { interval: "month", intervalCount: 3 })).toBe(false);
    expect(sameBillingPeriod({ interval: "year", intervalCount: 1 }, { interval: "month", intervalCount: 12 })).toBe(
      true,
    );
    expect(sameBillingPeriod({ interval: "year", intervalCount: 1 }, { interval: "month", intervalCount: 13 })).toBe(
      false,
    );
    // Only months fold into years: 52 weeks bill on a different day than a year, and 7 days stay days.
    expect(sameBillingPeriod({ interval: "year", intervalCount: 1 }, { interval: "week", intervalCount: 52 })).toBe(
      false,
    );
    expect(sameBillingPeriod({ interval: "week", intervalCount: 1 }, { interval: "day", intervalCount: 7 })).toBe(
      false,
    );
  });
});
