import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import {
  BASIL_API_VERSION,
  buildSampleEvent,
  buildSampleObjects,
  DEFAULT_SAMPLE_API_VERSION,
  DEFAULT_SAMPLE_IDS,
  isBasilOrLater,
  LEGACY_API_VERSION,
  SAMPLE_EVENT_TYPES,
  sampleIds,
  signStripePayload,
  type JsonObject,
  type JsonValue,
} from "./sample-events";

const CREATED = 1_772_442_000; // 2026-03-02T09:00:00Z
const SECRET = "whsec_sample_events_test";

function obj(value: JsonValue | undefined): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value;
}

function lines(invoice: JsonObject): JsonObject[] {
  const data = obj(invoice.lines).data;
  if (!Array.isArray(data)) throw new Error("lines.data is not an array");
  return data.map(obj);
}

function items(subscription: JsonObject): JsonObject[] {
  const data = obj(subscription.items).data;
  if (!Array.isArray(data)) throw new Error("items.data is not an array");
  return data.map(obj);
}

describe("buildSampleEvent: the envelope", () => {
  it.each(SAMPLE_EVENT_TYPES)("%s is a complete test-mode event with a fresh id", (type) => {
    const a = buildSampleEvent(type, { created: CREATED });
    const b = buildSampleEvent(type, { created: CREATED });

    expect(a).toMatchObject({
      object: "event",
      api_version: DEFAULT_SAMPLE_API_VERSION,
      created: CREATED,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
    expect(Object.keys(a)).toEqual([
      "id",
      "object",
      "api_version",
      "created",
      "data",
      "livemode",
      "pending_webhooks",
      "request",
      "type",
    ]);
    expect(a.id).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.data.object.object).toBe(type === "customer.subscription.deleted" ? "subscription" : "invoice");
    expect(a.data.object.livemode).toBe(false);
  });

  it("defaults to the SDK's pinned API version", () => {
    expect(DEFAULT_SAMPLE_API_VERSION).toBe(Stripe.API_VERSION);
  });

  it("marks events the engine's own calls caused with their idempotency key", () => {
    const event = buildSampleEvent("invoice.updated", { idempotencyKey: "run-step-42:0", autoAdvance: false });

    expect(event.request.idempotency_key).toBe("run-step-42:0");
    expect(event.request.id).toMatch(/^req_/);
    expect(event.data.previous_attributes).toEqual({ auto_advance: true });
    expect(event.data.object.auto_advance).toBe(false);
  });

  it("gives invoice.updated the recorded change by default, and any previous_attributes on request", () => {
    const recorded = buildSampleEvent("invoice.updated");
    const moved = buildSampleEvent("invoice.updated", {
      previousAttributes: { due_date: 1 },
      dueDate: 2,
      collectionMethod: "send_invoice",
    });

    expect(recorded.data.previous_attributes).toEqual({ custom_fields: null });
    expect(recorded.data.object.custom_fields).toEqual([{ name: "Project name", value: "ssl2" }]);
    expect(moved.data.previous_attributes).toEqual({ due_date: 1 });
    expect(moved.data.object.due_date).toBe(2);
    expect(buildSampleEvent("invoice.paid").data).not.toHaveProperty("previous_attributes");
  });

  it("refuses an unknown type and a malformed API version", () => {
    expect(() => buildSampleEvent("customer.created" as never)).toThrow(/has no sample; allowed: invoice.finalized/);
    expect(() => buildSampleEvent("invoice.paid", { apiVersion: "basil" })).toThrow(/not a Stripe API version/);
  });
});

describe("buildSampleEvent: payload shapes by API version", () => {
  it("puts the subscription under parent and the product under pricing from basil on", () => {
    const event = buildSampleEvent("invoice.payment_failed", {
      apiVersion: BASIL_API_VERSION,
      subscriptionId: "sub_basil",
      productIds: ["prod_A", "prod_B"],
    });
    const invoice = event.data.object;

    expect(event.api_version).toBe("2025-03-31.basil");
    expect(obj(obj(invoice.parent).subscription_details).subscription).toBe("sub_basil");
    expect(invoice).not.toHaveProperty("subscription");
    expect(invoice).not.toHaveProperty("paid");
    expect(lines(invoice).map((l) => obj(obj(l.pricing).price_details).product)).toEqual(["prod_A", "prod_B"]);
    expect(lines(invoice).map((l) => obj(obj(l.parent).subscription_item_details).subscription)).toEqual([
      "sub_basil",
      "sub_basil",
    ]);
    expect(lines(invoice).every((l) => !("price" in l))).toBe(true);
  });

  it("puts them at invoice.subscription and lines.data[].price.product before basil", () => {
    const event = buildSampleEvent("invoice.payment_failed", {
      apiVersion: LEGACY_API_VERSION,
      subscriptionId: "sub_legacy",
      productIds: ["prod_A", "prod_B"],
      interval: "year",
    });
    const invoice = event.data.object;

    expect(event.api_version).toBe("2020-03-02");
    expect(invoice.subscription).toBe("sub_legacy");
    expect(invoice).not.toHaveProperty("parent");
    expect(invoice.paid).toBe(false);
    expect(lines(invoice).map((l) => obj(l.price).product)).toEqual(["prod_A", "prod_B"]);
    expect(lines(invoice).map((l) => obj(obj(l.price).recurring).interval)).toEqual(["year", "year"]);
    expect(lines(invoice).map((l) => l.subscription)).toEqual(["sub_legacy", "sub_legacy"]);
  });

  it("treats every version from 2025-03-31 on as basil-shaped", () => {
    expect(isBasilOrLater("2025-03-31.basil")).toBe(true);
    expect(isBasilOrLater("2026-10-28.endive")).toBe(true);
    expect(isBasilOrLater("2025-02-24.acacia")).toBe(false);
    expect(isBasilOrLater("2020-03-02")).toBe(false);
  });

  it("moves the subscription's period onto its items from basil on", () => {
    const basil = buildSampleEvent("customer.subscription.deleted", { apiVersion: BASIL_API_VERSION }).data.object;
    const legacy = buildSampleEvent("customer.subscription.deleted", { apiVersion: LEGACY_API_VERSION }).data.object;

    expect(basil).not.toHaveProperty("current_period_end");
    expect(basil).not.toHaveProperty("plan");
    expect(items(basil)[0]?.current_period_end).toEqual(expect.any(Number));
    expect(legacy.current_period_end).toEqual(expect.any(Number));
    expect(obj(legacy.plan).id).toBe(DEFAULT_SAMPLE_IDS.priceId);
  });

  it("builds a one-off invoice when subscriptionId is null", () => {
    const basil = buildSampleEvent("invoice.finalized", { subscriptionId: null }).data.object;
    const legacy = buildSampleEvent("invoice.finalized", { subscriptionId: null, apiVersion: LEGACY_API_VERSION }).data
      .object;

    expect(basil.parent).toBeNull();
    expect(obj(lines(basil)[0]?.parent).type).toBe("invoice_item_details");
    expect(legacy.subscription).toBeNull();
    expect(lines(legacy)[0]).toMatchObject({ type: "invoiceitem", subscription: null, plan: null });
    expect(basil.billing_reason).toBe("manual");
    expect(() => buildSampleEvent("customer.subscription.deleted", { subscriptionId: null })).toThrow(
      /subscriptionId must not be null/,
    );
  });
});

describe("buildSampleEvent: options", () => {
  it.each([BASIL_API_VERSION, LEGACY_API_VERSION])("applies amount and currency consistently (%s)", (apiVersion) => {
    const { invoice, subscription, customer } = buildSampleObjects({
      apiVersion,
      amount: 10_001,
      currency: "EUR",
      productIds: ["prod_A", "prod_B", "prod_C"],
    });

    for (const field of ["amount_due", "total", "subtotal", "amount_remaining"]) expect(invoice[field]).toBe(10_001);
    expect(invoice.amount_paid).toBe(0);
    expect(invoice.currency).toBe("eur");
    const lineAmounts = lines(invoice).map((l) => Number(l.amount));
    expect(lineAmounts.reduce((a, b) => a + b, 0)).toBe(10_001);
    expect(lines(invoice).every((l) => l.currency === "eur")).toBe(true);
    const itemAmounts = items(subscription ?? {}).map((i) => Number(obj(i.price).unit_amount));
    expect(itemAmounts).toEqual(lineAmounts);
    expect(items(subscription ?? {}).every((i) => obj(i.price).currency === "eur")).toBe(true);
    expect(customer.currency).toBe("eur");
  });

  it.each([BASIL_API_VERSION, LEGACY_API_VERSION])(
    "builds a quarterly subscription: interval month, interval_count 3, on prices and plans (%s)",
    (apiVersion) => {
      const { invoice, subscription } = buildSampleObjects({
        apiVersion,
        interval: "month",
        intervalCount: 3,
        created: CREATED,
      });
      const item = items(subscription ?? {})[0] ?? {};
      expect(obj(obj(item.price).recurring)).toMatchObject({ interval: "month", interval_count: 3 });
      expect(obj(item.plan)).toMatchObject({ interval: "month", interval_count: 3 });
      const line = lines(invoice)[0] ?? {};
      expect(line.description).toMatch(/ \/ every 3 months\)$/);
      // The period the line bills runs three months.
      const period = obj(line.period);
      const days = (Number(period.end) - Number(period.start)) / 86_400;
      expect(days).toBeGreaterThanOrEqual(89);
      expect(days).toBeLessThanOrEqual(92);
      if (apiVersion === LEGACY_API_VERSION) {
        expect(obj(obj(line.price).recurring)).toMatchObject({ interval: "month", interval_count: 3 });
        expect(obj(line.plan)).toMatchObject({ interval: "month", interval_count: 3 });
        expect(obj(subscription?.plan)).toMatchObject({ interval: "month", interval_count: 3 });
      } else {
        expect(line).not.toHaveProperty("price");
      }
    },
  );

  it("builds weekly and daily prices, keeps interval_count 1 by default, and refuses a count below 1", () => {
    const weekly = buildSampleObjects({ interval: "week", intervalCount: 2, created: CREATED }).subscription ?? {};
    expect(obj(obj(items(weekly)[0]?.price).recurring)).toMatchObject({ interval: "week", interval_count: 2 });
    const daily = buildSampleObjects({ interval: "day", created: CREATED }).subscription ?? {};
    expect(obj(obj(items(daily)[0]?.price).recurring)).toMatchObject({ interval: "day", interval_count: 1 });
    const monthly = buildSampleObjects({ created: CREATED }).subscription ?? {};
    expect(obj(obj(items(monthly)[0]?.price).recurring)).toMatchObject({ interval: "month", interval_count: 1 });
    expect(() => buildSampleObjects({ intervalCount: 0 })).toThrow(
      "intervalCount: 0 must be a whole number of 1 or more",
    );
    expect(() => buildSampleObjects({ intervalCount: 1.5 })).toThrow(/intervalCount/);
  });

  it("keeps zero-decimal amounts as given and formats them without decimals", () => {
    const invoice = buildSampleEvent("invoice.paid", { amount: 5_000, currency: "jpy" }).data.object;

    expect(invoice).toMatchObject({ amount_due: 5_000, amount_paid: 5_000, amount_remaining: 0, currency: "jpy" });
    expect(lines(invoice)[0]?.description).toMatch(/at ¥5,000 \/ month/);
  });

  it("applies ids, metadata, collection, due date, attempts and auto_advance", () => {
    const invoice = buildSampleEvent("invoice.finalized", {
      customerId: "cus_X",
      invoiceId: "in_X",
      subscriptionId: "sub_X",
      invoiceMetadata: { region: "eu" },
      collectionMethod: "send_invoice",
      dueDate: CREATED + 86_400 * 14,
      attemptCount: 3,
      autoAdvance: false,
      created: CREATED,
    }).data.object;

    expect(invoice).toMatchObject({
      id: "in_X",
      customer: "cus_X",
      metadata: { region: "eu" },
      collection_method: "send_invoice",
      due_date: CREATED + 86_400 * 14,
      attempt_count: 3,
      auto_advance: false,
      next_payment_attempt: null,
      status: "open",
    });
    expect(lines(invoice).every((l) => l.invoice === "in_X")).toBe(true);
    expect(obj(invoice.lines).url).toBe("/v1/invoices/in_X/lines");
  });

  it("puts each event type's invoice in the state the event reports", () => {
    const at = (type: Parameters<typeof buildSampleEvent>[0]) =>
      buildSampleEvent(type, { created: CREATED }).data.object;

    expect(at("invoice.finalized")).toMatchObject({
      status: "open",
      attempt_count: 0,
      status_transitions: { finalized_at: CREATED },
    });
    expect(at("invoice.payment_failed")).toMatchObject({
      status: "open",
      attempt_count: 1,
      attempted: true,
      next_payment_attempt: CREATED + 3 * 86_400,
    });
    expect(at("invoice.paid")).toMatchObject({
      status: "paid",
      amount_paid: 24_900,
      auto_advance: false,
      status_transitions: { paid_at: CREATED },
    });
    expect(at("invoice.voided")).toMatchObject({ status: "void", status_transitions: { voided_at: CREATED } });
    expect(at("invoice.marked_uncollectible")).toMatchObject({
      status: "uncollectible",
      status_transitions: { marked_uncollectible_at: CREATED },
    });
    const overdue = at("invoice.overdue");
    expect(overdue).toMatchObject({ status: "open", collection_method: "send_invoice" });
    expect(Number(overdue.due_date)).toBeLessThan(CREATED);
    expect(at("customer.subscription.deleted")).toMatchObject({
      status: "canceled",
      canceled_at: CREATED,
      ended_at: CREATED,
    });
  });

  it("gives a send_invoice invoice a due date 30 days after finalization by default", () => {
    const invoice = buildSampleEvent("invoice.finalized", { collectionMethod: "send_invoice", created: CREATED }).data
      .object;

    expect(invoice.due_date).toBe(CREATED + 30 * 86_400);
  });

  it("sampleIds gives fresh ids every call", () => {
    const a = sampleIds();
    const b = sampleIds();

    expect(a.customerId).toMatch(/^cus_/);
    expect(a.subscriptionId).toMatch(/^sub_/);
    expect(a.invoiceId).toMatch(/^in_/);
    expect(a.invoiceId).not.toBe(b.invoiceId);
  });
});

describe("buildSampleObjects", () => {
  it("returns exactly the objects the event refers to", () => {
    const options = {
      ...sampleIds(),
      amount: 99_900,
      interval: "year" as const,
      productIds: ["prod_annual"],
      customerMetadata: { segment: "enterprise" },
      attemptCount: 1,
      created: CREATED,
    };
    const event = buildSampleEvent("invoice.payment_failed", options);
    const { invoice, customer, subscription } = buildSampleObjects({ ...options, eventType: "invoice.payment_failed" });

    expect(invoice).toEqual(event.data.object);
    expect(customer).toMatchObject({ id: options.customerId, object: "customer", metadata: { segment: "enterprise" } });
    expect(invoice.customer).toBe(customer.id);
    expect(subscription).toMatchObject({
      id: options.subscriptionId,
      customer: options.customerId,
      latest_invoice: options.invoiceId,
      status: "past_due",
    });
    expect(items(subscription ?? {}).map((i) => [obj(i.price).product, obj(obj(i.price).recurring).interval])).toEqual([
      ["prod_annual", "year"],
    ]);
  });

  it("returns the subscription a customer.subscription.deleted event carries", () => {
    const options = { ...sampleIds(), created: CREATED, subscriptionMetadata: { plan: "pro" } };
    const event = buildSampleEvent("customer.subscription.deleted", options);

    expect(buildSampleObjects({ ...options, eventType: "customer.subscription.deleted" }).subscription).toEqual(
      event.data.object,
    );
  });

  it("copies the subscription's metadata onto the basil invoice's parent", () => {
    const { invoice } = buildSampleObjects({ subscriptionMetadata: { plan: "pro" } });

    expect(obj(obj(invoice.parent).subscription_details).metadata).toEqual({ plan: "pro" });
  });

  it("leaves out the customer's lists that basil no longer includes", () => {
    expect(buildSampleObjects().customer).not.toHaveProperty("sources");
    expect(buildSampleObjects({ apiVersion: LEGACY_API_VERSION }).customer).toHaveProperty("sources");
  });
});

describe("signStripePayload", () => {
  const stripe = new Stripe("sk_test_unused");

  it("produces a Stripe-Signature header that the SDK verifies", () => {
    const event = buildSampleEvent("invoice.finalized");
    const payload = JSON.stringify(event);

    const header = signStripePayload(payload, SECRET);

    expect(stripe.webhooks.constructEvent(payload, header, SECRET)).toEqual(event);
  });

  it("uses the given timestamp, so stale signatures can be tested", () => {
    const payload = JSON.stringify(buildSampleEvent("invoice.paid"));
    const stale = Math.floor(Date.now() / 1000) - 3_600;

    const header = signStripePayload(payload, SECRET, stale);

    expect(header).toMatch(new RegExp(`^t=${stale},v1=[0-9a-f]{64}$`));
    expect(() => stripe.webhooks.constructEvent(payload, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(stripe.webhooks.constructEvent(payload, header, SECRET, 7_200)).toMatchObject({ type: "invoice.paid" });
  });

  it("does not verify with another secret or another body", () => {
    const payload = JSON.stringify(buildSampleEvent("invoice.paid"));
    const header = signStripePayload(payload, SECRET);

    expect(() => stripe.webhooks.constructEvent(payload, header, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(`${payload} `, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});

describe("fixtures", () => {
  // Byte-identical copies: the git blob ids match the upstream ones (fixtures/README.md).
  it.each([
    ["pay-rails/invoice.payment_failed.json", "54a103b0fe59"],
    ["stripe-sync-engine/invoice_finalized.json", "b0720c2afb12"],
    ["stripe-sync-engine/invoice_paid.json", "752dd11c0da9"],
    ["stripe-sync-engine/invoice_updated.json", "eb4db750ee49"],
    ["stripe-sync-engine/subscription_deleted.json", "392037972770"],
    ["stripe-sync-engine/customer_updated.json", "2ac77c8bd88f"],
    ["stripe-sync-engine/invoice_voided.json", "8a057a959516"],
    ["openapi/fixtures3.json", "e79cc2304803"],
    ["stripe-cli/customer.created.json", "76e62d9c2222"],
    ["stripe-cli/customer.subscription.created.json", "2071d7292402"],
    ["stripe-cli/customer.subscription.deleted.json", "96c3207379d5"],
    ["stripe-cli/customer.subscription.paused.json", "9f631a85c290"],
    ["stripe-cli/customer.subscription.trial_will_end.json", "46ff496d8561"],
    ["stripe-cli/customer.subscription.updated.json", "51cd8c5dbe9a"],
    ["stripe-cli/customer.updated.json", "9708f58a357c"],
    ["stripe-cli/invoice.created.json", "82946d7af789"],
    ["stripe-cli/invoice.finalized.json", "b061375d1cd3"],
    ["stripe-cli/invoice.marked_uncollectible.json", "bca12a51aa3a"],
    ["stripe-cli/invoice.paid.json", "77f126de4ee9"],
    ["stripe-cli/invoice.payment_action_required.json", "31e5d033bd85"],
    ["stripe-cli/invoice.payment_failed.json", "9b7bd76abed8"],
    ["stripe-cli/invoice.sent.json", "1d1bf46a9bb5"],
    ["stripe-cli/invoice.updated.json", "e10e30f261db"],
    ["stripe-cli/invoice.voided.json", "23b634e50fca"],
    ["stripe-cli/price.created.json", "9eba629e6fe3"],
    ["stripe-cli/product.created.json", "4b3d9546a2c2"],
    ["stripe-cli/subscription.payment_failed.json", "da05cdd282cf"],
    ["stripe-cli/subscription.payment_succeeded.json", "b8de95940dda"],
  ])("%s is the upstream blob %s", (file, blob) => {
    const bytes = readFileSync(fileURLToPath(new URL(`./fixtures/${file}`, import.meta.url)));
    const id = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

    expect(id.startsWith(blob)).toBe(true);
  });
});
