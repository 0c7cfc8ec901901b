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

  it("reads the interval from the lines' price.recurring", () => {
    expect(invoiceLineInterval(oldInvoice)).toBe("month");
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
    expect(invoiceLineInterval(invoice)).toBe("year");
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
    expect(subscriptionInterval(oldSubscription)).toBe("month");
    expect(customerIdOf(oldSubscription)).toBe("cus_IhGfebO16cMIGN");
  });

  it("reads a newer subscription whose items have only price, and an old one with only a top-level plan", () => {
    const newer = { items: { data: [{ price: { product: "prod_new", recurring: { interval: "year" } } }] } };
    expect(subscriptionProductIds(newer)).toEqual(["prod_new"]);
    expect(subscriptionInterval(newer)).toBe("year");
    expect(subscriptionInterval({ plan: { interval: "month" } })).toBe("month");
    expect(subscriptionInterval({})).toBeNull();
  });
});
