// Facts read from Stripe invoices and subscriptions as webhooks deliver them. Payloads follow the
// API version of the endpoint that sent them, so these readers accept the shapes of several
// versions (2020-03-02 through basil and later) and use loose types instead of the SDK's.

export type StripeObject = Record<string, unknown>;

export function asRecord(value: unknown): StripeObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as StripeObject) : null;
}

/** A reference Stripe sends either as an id or, when expanded, as the object itself. */
export function idOf(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return value;
  const id = asRecord(value)?.id;
  return typeof id === "string" && id !== "" ? id : null;
}

function listData(list: unknown): StripeObject[] {
  const data = asRecord(list)?.data;
  if (!Array.isArray(data)) return [];
  return data.map(asRecord).filter((item): item is StripeObject => item !== null);
}

/** True when a list in the payload is only the first page (e.g. an invoice with many lines). */
function listHasMore(list: unknown): boolean {
  return asRecord(list)?.has_more === true;
}

function unique(values: Array<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function stringRecord(value: unknown): Record<string, string> {
  const record = asRecord(value);
  if (!record) return {};
  const entries = Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return Object.fromEntries(entries);
}

/**
 * The payload's data.object, whether given a full event envelope (`{ data: { object } }`),
 * an event's data member (`{ object, previous_attributes }`), or the object itself.
 */
export function eventDataObject(payload: unknown): StripeObject | null {
  const record = asRecord(payload);
  if (!record) return null;
  const fromEnvelope = asRecord(asRecord(record.data)?.object);
  if (fromEnvelope) return fromEnvelope;
  const fromData = asRecord(record.object);
  return fromData ?? record;
}

// ---- customer -------------------------------------------------------------------------------

export function customerIdOf(object: StripeObject): string | null {
  return idOf(object.customer);
}

/** Metadata of an expanded `customer`, which saves a Stripe read; null when not expanded. */
export function expandedCustomerMetadata(object: StripeObject): Record<string, string> | null {
  const customer = asRecord(object.customer);
  if (!customer || !("metadata" in customer)) return null;
  return stringRecord(customer.metadata);
}

// ---- invoice --------------------------------------------------------------------------------

/** Basil (2025-03-31) moved it to parent.subscription_details; older versions have invoice.subscription. */
function invoiceSubscriptionRef(invoice: StripeObject): unknown {
  const details = asRecord(asRecord(invoice.parent)?.subscription_details);
  return details?.subscription ?? invoice.subscription ?? null;
}

export function invoiceSubscriptionId(invoice: StripeObject): string | null {
  return idOf(invoiceSubscriptionRef(invoice));
}

/** The invoice's subscription when the payload carries it expanded (with its items), else null. */
export function invoiceExpandedSubscription(invoice: StripeObject): StripeObject | null {
  const subscription = asRecord(invoiceSubscriptionRef(invoice));
  return subscription && asRecord(subscription.items) ? subscription : null;
}

export function invoiceMetadata(invoice: StripeObject): Record<string, string> {
  return stringRecord(invoice.metadata);
}

/** What the customer owes: amount_due, or total where amount_due is missing. */
export function invoiceAmount(invoice: StripeObject): { amount: number; currency: string } | null {
  const amount = typeof invoice.amount_due === "number" ? invoice.amount_due : invoice.total;
  const currency = invoice.currency;
  if (typeof amount !== "number" || typeof currency !== "string") return null;
  return { amount, currency };
}

function lineProductId(line: StripeObject): string | null {
  const basil = asRecord(asRecord(line.pricing)?.price_details)?.product;
  const price = asRecord(line.price)?.product;
  const plan = asRecord(line.plan)?.product;
  return idOf(basil) ?? idOf(price) ?? idOf(plan);
}

export function invoiceLineProductIds(invoice: StripeObject): string[] {
  return unique(listData(invoice.lines).map(lineProductId));
}

export function invoiceLinesHaveMore(invoice: StripeObject): boolean {
  return listHasMore(invoice.lines);
}

// ---- billing period -------------------------------------------------------------------------

/**
 * How often a subscription is billed, as Stripe states it on a price or plan: every
 * `intervalCount` `interval`s (a quarterly price is month × 3). `interval` is kept as sent
 * (day, week, month or year today), so a value Stripe adds later is shown, never matched.
 */
export interface BillingPeriod {
  interval: string;
  intervalCount: number;
}

/** The same period with 12k months written as k years: an annual subscriber billed every 12 months is yearly. */
export function normalizeBillingPeriod(period: BillingPeriod): BillingPeriod {
  if (period.interval === "month" && period.intervalCount % 12 === 0) {
    return { interval: "year", intervalCount: period.intervalCount / 12 };
  }
  return period;
}

/** Whether two periods bill equally often: exactly the same period, month × 12 counting as year × 1. */
export function sameBillingPeriod(a: BillingPeriod, b: BillingPeriod): boolean {
  const left = normalizeBillingPeriod(a);
  const right = normalizeBillingPeriod(b);
  return left.interval === right.interval && left.intervalCount === right.intervalCount;
}

/** A period from `{ interval, interval_count }`; a missing or null interval_count is Stripe's default, 1. */
function periodOf(holder: StripeObject | null): BillingPeriod | null {
  const interval = holder?.interval;
  if (typeof interval !== "string" || interval === "") return null;
  const count = holder?.interval_count ?? 1;
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 1) return null;
  return { interval, intervalCount: count };
}

/** `price.recurring` (interval and interval_count), or the older `plan`; basil lines carry neither. */
function priceOrPlanPeriod(holder: StripeObject): BillingPeriod | null {
  return periodOf(asRecord(asRecord(holder.price)?.recurring)) ?? periodOf(asRecord(holder.plan));
}

/** The billing period the invoice's lines state, or null when they do not say (then read the subscription). */
export function invoiceLineInterval(invoice: StripeObject): BillingPeriod | null {
  for (const line of listData(invoice.lines)) {
    const period = priceOrPlanPeriod(line);
    if (period) return period;
  }
  return null;
}

// ---- subscription ---------------------------------------------------------------------------

export function subscriptionProductIds(subscription: StripeObject): string[] {
  return unique(
    listData(subscription.items).map(
      (item) => idOf(asRecord(item.price)?.product) ?? idOf(asRecord(item.plan)?.product),
    ),
  );
}

export function subscriptionItemsHaveMore(subscription: StripeObject): boolean {
  return listHasMore(subscription.items);
}

/** The billing period from the items; pre-2019 payloads also have a top-level `plan`. */
export function subscriptionInterval(subscription: StripeObject): BillingPeriod | null {
  for (const item of listData(subscription.items)) {
    const period = priceOrPlanPeriod(item);
    if (period) return period;
  }
  return periodOf(asRecord(subscription.plan));
}
