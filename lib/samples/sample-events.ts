// Sample Stripe webhook events, and the objects they refer to, built from recorded Stripe payloads
// (lib/samples/fixtures/README.md says where each came from). Tests, demos and `send-event` use
// them; the fake Stripe server in test/support seeds itself from buildSampleObjects.
import { randomBytes } from "node:crypto";

import Stripe from "stripe";

import basilInvoicePaymentFailed from "./fixtures/pay-rails/invoice.payment_failed.json" with { type: "json" };
import legacyCustomerUpdated from "./fixtures/stripe-sync-engine/customer_updated.json" with { type: "json" };
import legacyInvoiceFinalized from "./fixtures/stripe-sync-engine/invoice_finalized.json" with { type: "json" };
import legacyInvoicePaid from "./fixtures/stripe-sync-engine/invoice_paid.json" with { type: "json" };
import legacyInvoiceUpdated from "./fixtures/stripe-sync-engine/invoice_updated.json" with { type: "json" };
import legacySubscriptionDeleted from "./fixtures/stripe-sync-engine/subscription_deleted.json" with { type: "json" };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
/** A Stripe API object as JSON: always an `id` and an `object` name, anything else loose. */
export type StripeJsonObject = JsonObject & { id: string; object: string };

export const SAMPLE_EVENT_TYPES = [
  "invoice.finalized",
  "invoice.payment_failed",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.voided",
  "invoice.updated",
  "invoice.marked_uncollectible",
  "invoice.overdue",
  "customer.subscription.deleted",
] as const;
export type SampleEventType = (typeof SAMPLE_EVENT_TYPES)[number];

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";
export type SubscriptionStatus = "active" | "past_due" | "unpaid" | "canceled" | "incomplete" | "trialing";
export type CollectionMethod = "charge_automatically" | "send_invoice";
export const BILLING_INTERVALS = ["day", "week", "month", "year"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** The first API version with the "basil" invoice shape (`parent.subscription_details`, `pricing`). */
export const BASIL_API_VERSION = "2025-03-31.basil";
/** The version of the stripe-sync-engine recordings: `invoice.subscription`, `lines.data[].price`. */
export const LEGACY_API_VERSION = "2020-03-02";
/** What the pinned SDK sends and what sample events default to. */
export const DEFAULT_SAMPLE_API_VERSION: string = Stripe.API_VERSION;

/**
 * Default ids: one consistent set taken from the recordings (the subscription_deleted event's
 * customer, subscription, latest invoice, product and price), so objects built with the same
 * options refer to each other. Pass your own ids (see `sampleIds`) when a test needs fresh ones.
 */
export const DEFAULT_SAMPLE_IDS = {
  customerId: "cus_IhGfebO16cMIGN",
  subscriptionId: "sub_JdIzvfy6o5GZRd",
  invoiceId: "in_1J02NeJDPojXS6LNaiyWfNwT",
  productId: "prod_Ip4vqwv3EJ7Mi0",
  priceId: "price_1IDQm5JDPojXS6LNM31hxKzp",
} as const;

export interface SampleObjectOptions {
  /** Webhook endpoint API version; decides the payload shape (basil and later vs before). */
  apiVersion?: string;
  /** Invoice total in minor units (cents; yen for JPY). Default 24900. */
  amount?: number;
  /** Lower-case ISO code. Default "usd". */
  currency?: string;
  customerId?: string;
  invoiceId?: string;
  /** null builds a one-off invoice that belongs to no subscription. */
  subscriptionId?: string | null;
  invoiceMetadata?: Record<string, string>;
  customerMetadata?: Record<string, string>;
  subscriptionMetadata?: Record<string, string>;
  collectionMethod?: CollectionMethod;
  /** Unix seconds; null for none. Defaults: 30 days after finalization for send_invoice, none otherwise. */
  dueDate?: number | null;
  attemptCount?: number;
  autoAdvance?: boolean;
  /** The prices' `recurring.interval` (and the plans' `interval`). Default "month". */
  interval?: BillingInterval;
  /** The prices' `recurring.interval_count`: 3 with "month" is quarterly. Default 1. */
  intervalCount?: number;
  /** One invoice line and one subscription item per product; the amount is split across them. */
  productIds?: string[];
  /** Overrides the invoice status the event type implies. */
  invoiceStatus?: InvoiceStatus;
  /** Overrides the subscription status the event type implies. */
  subscriptionStatus?: SubscriptionStatus;
  /** The moment the event happens, unix seconds; other timestamps are derived from it. Default now. */
  created?: number;
}

export interface BuildSampleObjectsOptions extends SampleObjectOptions {
  /** The objects are in the state this event reports (an invoice.paid's invoice is paid). Default invoice.finalized. */
  eventType?: SampleEventType;
}

export interface SampleEventOptions extends SampleObjectOptions {
  /** Default: a fresh evt_… id on every call. */
  eventId?: string;
  /** Sets `request.idempotency_key` (and a request id): how the engine recognises events its own calls caused. */
  idempotencyKey?: string | null;
  requestId?: string | null;
  /** `data.previous_attributes`; null leaves it out. invoice.updated gets a recorded change by default. */
  previousAttributes?: JsonObject | null;
  pendingWebhooks?: number;
}

export interface SampleObjects {
  invoice: StripeJsonObject;
  customer: StripeJsonObject;
  /** null for a one-off invoice (subscriptionId: null). */
  subscription: StripeJsonObject | null;
}

export type SampleEvent = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeJsonObject; previous_attributes?: JsonObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: SampleEventType;
};

interface Resolved {
  eventType: SampleEventType;
  apiVersion: string;
  basil: boolean;
  created: number;
  amount: number;
  currency: string;
  customerId: string;
  invoiceId: string;
  subscriptionId: string | null;
  invoiceMetadata: Record<string, string> | undefined;
  customerMetadata: Record<string, string> | undefined;
  subscriptionMetadata: Record<string, string> | undefined;
  collectionMethod: CollectionMethod;
  dueDate: number | null;
  attemptCount: number;
  autoAdvance: boolean;
  interval: BillingInterval;
  intervalCount: number;
  productIds: string[];
  invoiceStatus: InvoiceStatus;
  subscriptionStatus: SubscriptionStatus;
  // Derived timestamps (unix seconds).
  invoiceCreated: number;
  finalizedAt: number | null;
  periodStart: number;
  periodEnd: number;
  linePeriodEnd: number;
}

const DAY = 86_400;

// ---------------------------------------------------------------------------------------------
// Public API

/** True when `apiVersion` sends the basil-and-later shapes (2025-03-31 or later). */
export function isBasilOrLater(apiVersion: string): boolean {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion)?.[1];
  if (!date) {
    throw new Error(
      `apiVersion: "${apiVersion}" is not a Stripe API version (expected e.g. "2025-03-31.basil" or "2020-03-02")`,
    );
  }
  return date >= "2025-03-31";
}

/** Fresh ids for one customer, subscription and invoice, for tests that must not share rows. */
export function sampleIds(): { customerId: string; subscriptionId: string; invoiceId: string } {
  return { customerId: randomId("cus"), subscriptionId: randomId("sub"), invoiceId: randomId("in") };
}

/**
 * The invoice, customer and subscription an event built with the same options refers to, in the
 * state that event reports: seed a fake Stripe with these and the engine's re-reads agree with
 * the event. `customer` stays a string id on the invoice and subscription, as Stripe sends it.
 */
export function buildSampleObjects(options: BuildSampleObjectsOptions = {}): SampleObjects {
  const r = resolve(options.eventType ?? "invoice.finalized", options);
  const customer = buildCustomer(r);
  const subscription = r.subscriptionId === null ? null : buildSubscription(r);
  const invoice = buildInvoice(r, customer, subscription);
  return { invoice, customer, subscription };
}

/**
 * A complete Stripe event envelope of `type`, built from recorded payloads, in the shape of
 * `options.apiVersion` (default: the SDK's pinned version). Each call has a fresh event id.
 */
export function buildSampleEvent(type: SampleEventType, options: SampleEventOptions = {}): SampleEvent {
  if (!SAMPLE_EVENT_TYPES.includes(type)) {
    throw new Error(`type: "${String(type)}" has no sample; allowed: ${SAMPLE_EVENT_TYPES.join(", ")}`);
  }
  const r = resolve(type, options);
  const customer = buildCustomer(r);
  const subscription = r.subscriptionId === null ? null : buildSubscription(r);
  const invoice = buildInvoice(r, customer, subscription);

  let object: StripeJsonObject;
  if (type === "customer.subscription.deleted") {
    if (!subscription) {
      throw new Error("customer.subscription.deleted needs a subscription: subscriptionId must not be null");
    }
    object = subscription;
  } else {
    object = invoice;
  }

  let previousAttributes: JsonObject | null = null;
  if (options.previousAttributes !== undefined) {
    previousAttributes = options.previousAttributes;
  } else if (type === "invoice.updated") {
    if (options.autoAdvance === false) {
      previousAttributes = { auto_advance: true };
    } else {
      // The recorded change: custom fields were set on the invoice.
      const recorded = legacyTemplate(legacyInvoiceUpdated);
      invoice.custom_fields = clone(recorded.custom_fields ?? null);
      previousAttributes = clone(legacyInvoiceUpdated.data.previous_attributes as JsonObject);
    }
  }

  const data: SampleEvent["data"] = { object };
  if (previousAttributes !== null) data.previous_attributes = previousAttributes;

  const idempotencyKey = options.idempotencyKey ?? null;
  const requestId =
    options.requestId !== undefined ? options.requestId : idempotencyKey !== null ? randomId("req") : null;

  return {
    id: options.eventId ?? randomId("evt"),
    object: "event",
    api_version: r.apiVersion,
    created: r.created,
    data,
    livemode: false,
    pending_webhooks: options.pendingWebhooks ?? 1,
    request: { id: requestId, idempotency_key: idempotencyKey },
    type,
  };
}

/** The `Stripe-Signature` header value for `payload`, signed with the endpoint secret (whsec_…). */
export function signStripePayload(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Option resolution

interface TypeDefaults {
  invoiceStatus: InvoiceStatus;
  subscriptionStatus: SubscriptionStatus;
  attemptCount: (collectionMethod: CollectionMethod) => number;
  collectionMethod: CollectionMethod;
}

const TYPE_DEFAULTS: Record<SampleEventType, TypeDefaults> = {
  "invoice.finalized": {
    invoiceStatus: "open",
    subscriptionStatus: "active",
    attemptCount: () => 0,
    collectionMethod: "charge_automatically",
  },
  "invoice.payment_failed": {
    invoiceStatus: "open",
    subscriptionStatus: "past_due",
    attemptCount: () => 1,
    collectionMethod: "charge_automatically",
  },
  "invoice.paid": {
    invoiceStatus: "paid",
    subscriptionStatus: "active",
    attemptCount: () => 1,
    collectionMethod: "charge_automatically",
  },
  "invoice.payment_succeeded": {
    invoiceStatus: "paid",
    subscriptionStatus: "active",
    attemptCount: () => 1,
    collectionMethod: "charge_automatically",
  },
  "invoice.voided": {
    invoiceStatus: "void",
    subscriptionStatus: "active",
    attemptCount: () => 0,
    collectionMethod: "charge_automatically",
  },
  "invoice.updated": {
    invoiceStatus: "open",
    subscriptionStatus: "active",
    attemptCount: () => 0,
    collectionMethod: "charge_automatically",
  },
  "invoice.marked_uncollectible": {
    invoiceStatus: "uncollectible",
    subscriptionStatus: "unpaid",
    // Stripe's default smart-retry schedule gives up after four attempts.
    attemptCount: (cm) => (cm === "charge_automatically" ? 4 : 0),
    collectionMethod: "charge_automatically",
  },
  // Only invoices sent for manual payment have a due date that can pass.
  "invoice.overdue": {
    invoiceStatus: "open",
    subscriptionStatus: "active",
    attemptCount: () => 0,
    collectionMethod: "send_invoice",
  },
  "customer.subscription.deleted": {
    invoiceStatus: "paid",
    subscriptionStatus: "canceled",
    attemptCount: () => 1,
    collectionMethod: "charge_automatically",
  },
};

function resolve(eventType: SampleEventType, o: SampleObjectOptions): Resolved {
  const defaults = TYPE_DEFAULTS[eventType];
  if (!defaults) {
    throw new Error(`eventType: "${String(eventType)}" has no sample; allowed: ${SAMPLE_EVENT_TYPES.join(", ")}`);
  }
  const apiVersion = o.apiVersion ?? DEFAULT_SAMPLE_API_VERSION;
  const basil = isBasilOrLater(apiVersion);
  const created = o.created ?? Math.floor(Date.now() / 1000);
  const amount = o.amount ?? 24900;
  if (!Number.isInteger(amount) || amount < 0) {
    throw new Error(`amount: ${amount} must be a non-negative integer in minor units`);
  }
  const currency = (o.currency ?? "usd").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw new Error(`currency: "${o.currency}" must be a three-letter ISO code`);
  const productIds = o.productIds ?? [DEFAULT_SAMPLE_IDS.productId];
  if (productIds.length === 0) throw new Error("productIds: give at least one product id");
  const interval = o.interval ?? "month";
  if (!BILLING_INTERVALS.includes(interval)) {
    throw new Error(`interval: "${String(interval)}" must be one of: ${BILLING_INTERVALS.join(", ")}`);
  }
  const intervalCount = o.intervalCount ?? 1;
  if (!Number.isInteger(intervalCount) || intervalCount < 1) {
    throw new Error(`intervalCount: ${intervalCount} must be a whole number of 1 or more`);
  }
  const collectionMethod = o.collectionMethod ?? defaults.collectionMethod;
  const invoiceStatus = o.invoiceStatus ?? defaults.invoiceStatus;
  const subscriptionStatus = o.subscriptionStatus ?? defaults.subscriptionStatus;

  // A send_invoice invoice is due some 30 days after it was issued.
  let invoiceCreated = created - 3600;
  let dueDate: number | null =
    o.dueDate !== undefined
      ? o.dueDate
      : collectionMethod === "send_invoice" && eventType === "invoice.overdue"
        ? created - 60
        : null;
  if (dueDate !== null && dueDate - 30 * DAY < invoiceCreated) invoiceCreated = dueDate - 30 * DAY;
  const finalizedAt =
    invoiceStatus === "draft" ? null : eventType === "invoice.finalized" ? created : invoiceCreated + 60;
  if (o.dueDate === undefined && collectionMethod === "send_invoice" && dueDate === null) {
    dueDate = (finalizedAt ?? created) + 30 * DAY;
  }

  const periodEnd = invoiceCreated;
  return {
    eventType,
    apiVersion,
    basil,
    created,
    amount,
    currency,
    customerId: o.customerId ?? DEFAULT_SAMPLE_IDS.customerId,
    invoiceId: o.invoiceId ?? DEFAULT_SAMPLE_IDS.invoiceId,
    subscriptionId: o.subscriptionId === undefined ? DEFAULT_SAMPLE_IDS.subscriptionId : o.subscriptionId,
    invoiceMetadata: o.invoiceMetadata,
    customerMetadata: o.customerMetadata,
    subscriptionMetadata: o.subscriptionMetadata,
    collectionMethod,
    dueDate,
    attemptCount: o.attemptCount ?? defaults.attemptCount(collectionMethod),
    autoAdvance: o.autoAdvance ?? (invoiceStatus === "draft" || invoiceStatus === "open"),
    interval,
    intervalCount,
    productIds,
    invoiceStatus,
    subscriptionStatus,
    invoiceCreated,
    finalizedAt,
    periodStart: addInterval(periodEnd, interval, -intervalCount),
    periodEnd,
    linePeriodEnd: addInterval(periodEnd, interval, intervalCount),
  };
}

// ---------------------------------------------------------------------------------------------
// Builders

function buildCustomer(r: Resolved): StripeJsonObject {
  const c = legacyTemplate(legacyCustomerUpdated);
  c.id = r.customerId;
  c.currency = r.currency;
  c.livemode = false;
  c.metadata = r.customerMetadata ? { ...r.customerMetadata } : asObject(c.metadata, "customer.metadata");
  if (r.basil) {
    // Not included by default since 2020-08-27; they have to be expanded.
    delete c.sources;
    delete c.subscriptions;
    delete c.tax_ids;
  } else {
    for (const list of ["sources", "tax_ids"] as const) {
      const value = c[list];
      if (isObject(value)) value.url = `/v1/customers/${r.customerId}/${list}`;
    }
  }
  return withId(c, "customer");
}

function buildSubscription(r: Resolved): StripeJsonObject {
  const subscriptionId = r.subscriptionId;
  if (subscriptionId === null) throw new Error("buildSubscription: no subscription id");
  const s = legacyTemplate(legacySubscriptionDeleted);
  const templateItem = asObject(
    asArray(asObject(s.items, "subscription.items").data, "subscription.items.data")[0],
    "subscription item",
  );
  const canceled = r.subscriptionStatus === "canceled";
  const startDate = addInterval(r.periodEnd, r.interval, -r.intervalCount);
  const amounts = splitAmount(r.amount, r.productIds.length);

  const items = r.productIds.map((productId, index) => {
    const item = clone(templateItem);
    const amount = amounts[index] ?? 0;
    item.id = `si_${suffix(subscriptionId)}${index}`;
    item.created = startDate;
    item.subscription = subscriptionId;
    item.quantity = 1;
    item.price = priceJson(asObject(item.price, "subscription item price"), productId, r, amount, true);
    item.plan = planJson(asObject(item.plan, "subscription item plan"), productId, r, amount);
    if (r.basil) {
      item.current_period_start = r.periodEnd;
      item.current_period_end = r.linePeriodEnd;
      item.discounts = [];
    }
    return item;
  });

  s.id = subscriptionId;
  s.customer = r.customerId;
  s.status = r.subscriptionStatus;
  s.livemode = false;
  s.created = startDate;
  s.start_date = startDate;
  s.billing_cycle_anchor = startDate;
  s.canceled_at = canceled ? r.created : null;
  s.ended_at = canceled ? r.created : null;
  s.cancel_at = null;
  s.cancel_at_period_end = false;
  s.collection_method = r.collectionMethod;
  s.days_until_due = r.collectionMethod === "send_invoice" ? 30 : null;
  s.latest_invoice = r.invoiceId;
  s.pause_collection = null;
  s.metadata = r.subscriptionMetadata ? { ...r.subscriptionMetadata } : asObject(s.metadata, "subscription.metadata");
  s.items = {
    object: "list",
    data: items,
    has_more: false,
    total_count: items.length,
    url: `/v1/subscription_items?subscription=${subscriptionId}`,
  };
  if (r.basil) {
    // Moved onto the items (current_period_*) or gone from the top level since basil.
    delete s.current_period_start;
    delete s.current_period_end;
    delete s.plan;
    delete s.quantity;
    delete s.tax_percent;
    delete s.discount;
    s.currency = r.currency;
    s.discounts = [];
    s.cancellation_details = { comment: null, feedback: null, reason: canceled ? "cancellation_requested" : null };
  } else {
    s.current_period_start = r.periodEnd;
    s.current_period_end = r.linePeriodEnd;
    s.plan = clone(asObject(items[0], "first item").plan ?? null);
    s.quantity = 1;
  }
  return withId(s, "subscription");
}

function buildInvoice(
  r: Resolved,
  customer: StripeJsonObject,
  subscription: StripeJsonObject | null,
): StripeJsonObject {
  const inv = r.basil
    ? clone(asObject(basilInvoicePaymentFailed.object as unknown as JsonValue, "pay-rails invoice"))
    : legacyInvoiceTemplate(r.eventType);
  const lines = asObject(inv.lines, "invoice.lines");
  const templateLine = asObject(asArray(lines.data, "invoice.lines.data")[0], "invoice line");
  const amounts = splitAmount(r.amount, r.productIds.length);
  const productName = /× (.+?) \(at /.exec(String(templateLine.description))?.[1] ?? "Subscription";

  const lineData = r.productIds.map((productId, index) =>
    buildLine(templateLine, r, {
      productId,
      index,
      amount: amounts[index] ?? 0,
      name: index === 0 ? productName : productId,
    }),
  );

  const paid = r.invoiceStatus === "paid";
  const transitionAt = r.created;
  inv.id = r.invoiceId;
  inv.customer = r.customerId;
  inv.customer_email = customer.email ?? null;
  inv.customer_name = customer.name ?? null;
  inv.customer_address = clone(customer.address ?? null);
  inv.customer_phone = customer.phone ?? null;
  inv.livemode = false;
  inv.currency = r.currency;
  inv.created = r.invoiceCreated;
  inv.period_start = r.periodStart;
  inv.period_end = r.periodEnd;
  inv.webhooks_delivered_at = r.invoiceCreated + 2;
  inv.billing_reason = subscription ? "subscription_cycle" : "manual";
  inv.collection_method = r.collectionMethod;
  inv.due_date = r.dueDate;
  inv.metadata = r.invoiceMetadata ? { ...r.invoiceMetadata } : {};
  inv.status = r.invoiceStatus;
  inv.auto_advance = r.autoAdvance;
  inv.attempt_count = r.attemptCount;
  inv.attempted = r.attemptCount > 0 || paid;
  inv.next_payment_attempt =
    r.invoiceStatus === "open" && r.collectionMethod === "charge_automatically" && r.autoAdvance
      ? r.eventType === "invoice.payment_failed"
        ? r.created + 3 * DAY
        : (r.finalizedAt ?? r.created) + 3600
      : null;
  inv.status_transitions = {
    finalized_at: r.finalizedAt,
    marked_uncollectible_at: r.invoiceStatus === "uncollectible" ? transitionAt : null,
    paid_at: paid ? transitionAt : null,
    voided_at: r.invoiceStatus === "void" ? transitionAt : null,
  };
  inv.amount_due = r.amount;
  inv.amount_paid = paid ? r.amount : 0;
  inv.amount_remaining = paid ? 0 : r.amount;
  inv.subtotal = r.amount;
  inv.total = r.amount;
  setIfPresent(inv, "subtotal_excluding_tax", r.amount);
  setIfPresent(inv, "total_excluding_tax", r.amount);
  setIfPresent(inv, "amount_overpaid", 0);
  inv.starting_balance = 0;
  inv.ending_balance = r.invoiceStatus === "draft" ? null : 0;
  inv.lines = {
    object: "list",
    data: lineData,
    has_more: false,
    total_count: lineData.length,
    url: `/v1/invoices/${r.invoiceId}/lines`,
  };

  if (r.basil) {
    inv.effective_at = r.finalizedAt;
    inv.parent = subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: clone(subscription.metadata ?? {}), subscription: subscription.id },
          type: "subscription_details",
        }
      : null;
  } else {
    inv.subscription = subscription ? subscription.id : null;
    inv.paid = paid;
  }
  return withId(inv, "invoice");
}

interface LineSpec {
  productId: string;
  index: number;
  amount: number;
  name: string;
}

function buildLine(template: JsonObject, r: Resolved, spec: LineSpec): JsonObject {
  const line = clone(template);
  const subscriptionId = r.subscriptionId;
  const subscriptionItemId = subscriptionId === null ? null : `si_${suffix(subscriptionId)}${spec.index}`;
  const invoiceItemId = `ii_${suffix(r.invoiceId)}${spec.index}`;
  line.id = `il_${suffix(r.invoiceId)}${spec.index}`;
  line.amount = spec.amount;
  line.currency = r.currency;
  line.livemode = false;
  line.quantity = 1;
  line.period = { end: r.linePeriodEnd, start: r.periodEnd };
  line.description =
    subscriptionId === null
      ? spec.name
      : `1 × ${spec.name} (at ${formatMoney(spec.amount, r.currency)} / ${r.intervalCount === 1 ? r.interval : `every ${r.intervalCount} ${r.interval}s`})`;

  if (r.basil) {
    line.invoice = r.invoiceId;
    line.parent =
      subscriptionId === null
        ? {
            invoice_item_details: {
              invoice_item: invoiceItemId,
              proration: false,
              proration_details: { credited_items: null },
              subscription: null,
            },
            subscription_item_details: null,
            type: "invoice_item_details",
          }
        : {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: subscriptionId,
              subscription_item: subscriptionItemId,
            },
            type: "subscription_item_details",
          };
    line.pricing = {
      price_details: { price: priceIdFor(spec.productId), product: spec.productId },
      type: "price_details",
      unit_amount_decimal: String(spec.amount),
    };
  } else {
    const recurring = subscriptionId !== null;
    line.price = priceJson(asObject(line.price, "line price"), spec.productId, r, spec.amount, recurring);
    line.plan = recurring ? planJson(asObject(line.plan, "line plan"), spec.productId, r, spec.amount) : null;
    line.subscription = subscriptionId;
    line.subscription_item = subscriptionItemId;
    line.type = recurring ? "subscription" : "invoiceitem";
    if (!recurring) line.invoice_item = invoiceItemId;
  }
  return line;
}

function priceJson(
  template: JsonObject,
  productId: string,
  r: Resolved,
  amount: number,
  recurring: boolean,
): JsonObject {
  const price = clone(template);
  price.id = priceIdFor(productId);
  price.product = productId;
  price.currency = r.currency;
  price.active = true;
  price.livemode = false;
  price.unit_amount = amount;
  price.unit_amount_decimal = String(amount);
  price.type = recurring ? "recurring" : "one_time";
  price.recurring = recurring
    ? {
        ...asObject(template.recurring ?? {}, "price.recurring"),
        interval: r.interval,
        interval_count: r.intervalCount,
      }
    : null;
  return price;
}

function planJson(template: JsonObject, productId: string, r: Resolved, amount: number): JsonObject {
  const plan = clone(template);
  plan.id = priceIdFor(productId);
  plan.product = productId;
  plan.currency = r.currency;
  plan.active = true;
  plan.livemode = false;
  plan.amount = amount;
  plan.amount_decimal = String(amount);
  plan.interval = r.interval;
  plan.interval_count = r.intervalCount;
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function legacyInvoiceTemplate(type: SampleEventType): JsonObject {
  // The recording closest to the event; the state fields are all set afterwards anyway.
  if (type === "invoice.paid" || type === "invoice.payment_succeeded" || type === "customer.subscription.deleted") {
    return legacyTemplate(legacyInvoicePaid);
  }
  if (type === "invoice.updated") return legacyTemplate(legacyInvoiceUpdated);
  return legacyTemplate(legacyInvoiceFinalized);
}

function legacyTemplate(event: { data: { object: unknown } }): JsonObject {
  return clone(asObject(event.data.object as JsonValue, "fixture data.object"));
}

function priceIdFor(productId: string): string {
  return productId === DEFAULT_SAMPLE_IDS.productId ? DEFAULT_SAMPLE_IDS.priceId : `price_${suffix(productId)}`;
}

function suffix(id: string): string {
  return id.replace(/^[a-z]+_/, "");
}

/** Splits minor units across n parts that add up exactly (the first takes the remainder). */
function splitAmount(amount: number, n: number): number[] {
  const base = Math.floor(amount / n);
  return Array.from({ length: n }, (_, i) => (i === 0 ? amount - base * (n - 1) : base));
}

/** "$249.00", "¥5,000": minor units turned into the currency's own decimals (JPY has none). */
function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${minor} ${currency}`;
  }
}

function addInterval(unixSeconds: number, interval: BillingInterval, count: number): number {
  const date = new Date(unixSeconds * 1000);
  if (interval === "year") date.setUTCFullYear(date.getUTCFullYear() + count);
  else if (interval === "month") date.setUTCMonth(date.getUTCMonth() + count);
  else date.setUTCDate(date.getUTCDate() + count * (interval === "week" ? 7 : 1));
  return Math.floor(date.getTime() / 1000);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = "";
  for (const byte of bytes) out += BASE62[byte % 62];
  return `${prefix}_${out}`;
}

function setIfPresent(target: JsonObject, key: string, value: JsonValue): void {
  if (key in target) target[key] = value;
}

function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: JsonValue | undefined, where: string): JsonObject {
  if (!isObject(value)) throw new Error(`sample-events: ${where} is not an object in the fixture`);
  return value;
}

function asArray(value: JsonValue | undefined, where: string): JsonValue[] {
  if (!Array.isArray(value)) throw new Error(`sample-events: ${where} is not an array in the fixture`);
  return value;
}

function withId(value: JsonObject, object: string): StripeJsonObject {
  if (typeof value.id !== "string") throw new Error(`sample-events: ${object} has no id`);
  return { ...value, id: value.id, object };
}
