import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { conditionSchema, describeCondition, type Condition } from "@/lib/conditions";
import type { FactLoaders } from "@/lib/conditions/facts";
import { evaluateAutomations, type EvaluateAutomationsOptions } from "@/lib/rules/evaluate-automations";
import { eventDataObject, type StripeObject } from "@/lib/rules/facts";
import { invoiceSubscriptionMetadata, subscriptionMetadata } from "./index";

const fixtures = path.resolve(__dirname, "../../samples/fixtures");
const fixtureObject = (relativePath: string): StripeObject => {
  const object = eventDataObject(JSON.parse(readFileSync(path.join(fixtures, relativePath), "utf8")));
  if (!object) throw new Error(`no data.object in ${relativePath}`);
  return object;
};

/** Basil (pay-rails): parent.subscription_details.metadata is { license_id: "0" }, the subscription sub_1234. */
const basilInvoice = () => fixtureObject("pay-rails/invoice.payment_failed.json");
/** 2020-03-02 (stripe-sync-engine): invoice.subscription is sub_K4J0aB2bmSyb6b, no metadata snapshot. */
const legacyInvoice = () => fixtureObject("stripe-sync-engine/invoice_finalized.json");
/** A recorded subscription, metadata { project_id: "312", … }. */
const canceledSubscription = () => fixtureObject("stripe-sync-engine/subscription_deleted.json");

function recordingLoaders(subscriptions: Record<string, StripeObject> = {}) {
  const calls: string[] = [];
  const loaders: FactLoaders = {
    customer: async () => null,
    subscription: async (id) => {
      calls.push(id);
      return subscriptions[id] ?? null;
    },
  };
  return { loaders, calls };
}

function match(object: StripeObject, conditionLists: Condition[][], options: Partial<EvaluateAutomationsOptions> = {}) {
  return evaluateAutomations({
    trigger: "subscription_payment_failed",
    object,
    loaders: recordingLoaders().loaders,
    settings: { defaultCurrency: "usd", exchangeRates: {} },
    automations: conditionLists.map((conditions, index) => ({
      id: `aut_${index + 1}`,
      name: `Automation ${index + 1}`,
      priority: index + 1,
      conditions,
    })),
    ...options,
  });
}

const gold: Condition = { type: "subscription_metadata", key: "plan", value: "gold" };

describe("subscription_metadata: schema and words", () => {
  it("takes a key and a value within Stripe's metadata limits", () => {
    expect(conditionSchema.safeParse({ type: "subscription_metadata", key: "plan", value: "gold" }).success).toBe(true);
    const issues = (input: object) => {
      const result = conditionSchema.safeParse({ type: "subscription_metadata", ...input });
      return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
    };
    expect(issues({ key: "", value: "gold" })).toEqual([["key", "key must not be empty"]]);
    expect(issues({ key: "k".repeat(41), value: "gold" })).toEqual([
      ["key", "key must be at most 40 characters (Stripe's metadata limit)"],
    ]);
    expect(issues({ key: "plan", value: "v".repeat(501) })).toEqual([
      ["value", "value must be at most 500 characters (Stripe's metadata limit)"],
    ]);
    expect(issues({ key: "plan" })).toEqual([["value", "value must be text"]]);
  });

  it("describes the condition and what the trace found", () => {
    expect(describeCondition(gold, "usd")).toBe("Subscription metadata plan = gold");
    expect(subscriptionMetadata.describeFound("gold", "usd")).toBe("found “gold”");
    expect(subscriptionMetadata.describeFound(null, "usd")).toBe("found nothing: the key is not set");
  });

  it("compiles to its own fact with the key, after the payload's conditions, on every trigger", () => {
    expect(subscriptionMetadata.compile({ type: "subscription_metadata", key: "plan", value: "gold" })).toEqual({
      fact: "subscriptionMetadata",
      params: { key: "plan" },
      operator: "equalsAvailable",
      value: "gold",
      priority: 1,
    });
    expect(subscriptionMetadata.readsInvoice).toBeUndefined();
  });

  it("round-trips through the form", () => {
    const condition = { type: "subscription_metadata", key: "plan", value: "gold" } as const;
    const values = subscriptionMetadata.form.toForm(condition, "usd");
    expect(values).toEqual({ key: "plan", value: "gold" });
    expect(subscriptionMetadata.form.fromForm({ key: " plan ", value: "gold " }, "conditions.0", "usd", [])).toEqual(
      condition,
    );
  });
});

describe("subscription_metadata: where it is read", () => {
  it("reads a basil invoice's parent.subscription_details.metadata, without a read", async () => {
    expect(invoiceSubscriptionMetadata(basilInvoice())).toEqual({ license_id: "0" });
    const { loaders, calls } = recordingLoaders();
    const trace = await match(
      basilInvoice(),
      [
        [{ type: "subscription_metadata", key: "license_id", value: "1" }],
        [{ ...gold, key: "license_id", value: "0" }],
      ],
      { loaders },
    );
    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: "0", passed: false });
    expect(calls).toEqual([]);
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 0 });
  });

  it("reads the subscription once for an older payload, shared with the interval condition", async () => {
    expect(invoiceSubscriptionMetadata(legacyInvoice())).toBeNull();
    const subscription = { ...canceledSubscription(), id: "sub_K4J0aB2bmSyb6b", metadata: { plan: "gold" } };
    const { loaders, calls } = recordingLoaders({ sub_K4J0aB2bmSyb6b: subscription });
    const trace = await match(
      { ...legacyInvoice(), lines: { data: [], has_more: false } },
      [[{ ...gold, value: "silver" }], [gold, { type: "subscription_interval", interval: "month" }]],
      { loaders },
    );
    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(calls).toEqual(["sub_K4J0aB2bmSyb6b"]);
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 1 });
  });

  it("reads the subscription when the snapshot is null (invoices created before 2023-06-29)", async () => {
    const invoice = basilInvoice();
    const parent = { type: "subscription_details", subscription_details: { metadata: null, subscription: "sub_1234" } };
    const { loaders, calls } = recordingLoaders({ sub_1234: { id: "sub_1234", metadata: { plan: "gold" } } });
    const trace = await match({ ...invoice, parent }, [[gold]], { loaders });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(calls).toEqual(["sub_1234"]);
  });

  it("reads the event's own subscription on subscription_canceled", async () => {
    const { loaders, calls } = recordingLoaders();
    const trace = await match(
      canceledSubscription(),
      [[{ type: "subscription_metadata", key: "project_id", value: "312" }]],
      { trigger: "subscription_canceled", loaders },
    );
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(calls).toEqual([]);
  });

  it("is unavailable with a reason when the subscription cannot be read, and for one-off invoices", async () => {
    const dryRun = await match(legacyInvoice(), [[gold]], { unavailableReason: "not read in dry-run mode" });
    expect(dryRun.checked[0]?.conditions[0]).toMatchObject({
      passed: false,
      actual: null,
      unavailable: "could not read subscription sub_K4J0aB2bmSyb6b: not read in dry-run mode",
    });
    const oneOff = await match({ ...basilInvoice(), parent: null }, [[gold]]);
    expect(oneOff.checked[0]?.conditions[0]?.unavailable).toBe("the invoice does not belong to a subscription");
  });

  it("finds only the metadata's own keys", async () => {
    const trace = await match(basilInvoice(), [[{ type: "subscription_metadata", key: "constructor", value: "x" }]]);
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ actual: null, passed: false });
  });
});
