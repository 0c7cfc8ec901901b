// The facts matching reads, and how it reads them: from the event's payload where it carries them,
// from Stripe (through the loaders the caller hands in, once per event) where it does not. Every
// fact is a FactOutcome: its value, or why it is unknown — an unknown fact fails its condition, it
// never passes it.
import type { Almanac } from "json-rules-engine";
import {
  asRecord,
  customerIdOf,
  expandedCustomerMetadata,
  invoiceExpandedSubscription,
  invoiceSubscriptionId,
  type StripeObject,
} from "@/lib/rules/facts";
import type { ExchangeRates } from "@/lib/money/money";

/** A fact's value, or why it is unknown; `incomplete` marks a list that is only the payload's first page. */
export type FactOutcome<T> =
  { value: T; unavailable?: undefined; incomplete?: string } | { value: null; unavailable: string };

export const available = <T>(value: T, incomplete?: string): FactOutcome<T> =>
  incomplete ? { value, incomplete } : { value };
export const unavailable = (reason: string): FactOutcome<never> => ({ value: null, unavailable: reason });

/**
 * A customer as the SDK returns it (`Customer | DeletedCustomer`) or as raw JSON. `deleted` is
 * unknown because the SDK types it `void` on a live customer and `true` on a deleted one.
 */
export type CustomerLike = { metadata?: Record<string, string> | null; deleted?: unknown };

/** Provided by the caller; null = unavailable (dry-run, or not found). Errors propagate. */
export interface FactLoaders {
  customer(id: string): Promise<CustomerLike | null>;
  subscription(id: string): Promise<object | null>;
  /**
   * Where the invoice's last payment failure is: the invoice as Stripe has it now, its `payments`
   * with their PaymentIntents (or charges) expanded — one read (the decline condition). Left out
   * by a caller that cannot read it, which makes that fact unavailable.
   */
  paymentFailure?(invoiceId: string): Promise<object | null>;
}

/** What a loader reads, as the trace's `stripeReads` counts it. */
export type StripeReadKind = "customer" | "subscription" | "paymentFailure";

export interface FactContext {
  object: StripeObject;
  isInvoice: boolean;
  settings: { defaultCurrency: string; exchangeRates: ExchangeRates };
  loaders: FactLoaders;
  /** Shown when a loader returns null, e.g. "dry-run: no STRIPE_SECRET_KEY". */
  unavailableReason?: string;
  /** Reads made, per object kind (the trace shows them); paymentFailure only once one was made. */
  reads: { customer: number; subscription: number; paymentFailure?: number };
  /** Stops the engine before a loader error propagates, so no later rule starts another read. */
  stopEngine: () => void;
}

export const NO_INVOICE = "no invoice on this trigger";

/** The shared facts: parameterless, so the almanac caches each for the whole event — one read at most. */
export const CUSTOMER_FACT = "customer";
export const SUBSCRIPTION_FACT = "subscription";

function notLoaded(what: string, id: string, reason: string | undefined): string {
  return reason ? `could not read ${what} ${id}: ${reason}` : `${what} ${id} was not found in Stripe`;
}

const READ_WORDS: Record<StripeReadKind, string> = {
  customer: "customer",
  subscription: "subscription",
  paymentFailure: "the invoice's payments",
};

/** One loader call, counted in the trace; a failure stops matching (it is never "condition failed"). */
export async function callLoader<T>(ctx: FactContext, what: StripeReadKind, load: () => Promise<T>): Promise<T> {
  ctx.reads[what] = (ctx.reads[what] ?? 0) + 1;
  try {
    return await load();
  } catch (error) {
    ctx.stopEngine();
    // A failed read must not count as "condition failed": that would fall through to the next automation.
    throw new Error(`reading ${READ_WORDS[what]} from Stripe failed while matching automations`, { cause: error });
  }
}

/** The customer's metadata: from an expanded `customer` in the payload, else one read. */
export async function loadCustomerMetadata(ctx: FactContext): Promise<FactOutcome<Record<string, string>>> {
  const expanded = expandedCustomerMetadata(ctx.object);
  if (expanded) return available(expanded);
  const id = customerIdOf(ctx.object);
  if (!id) return unavailable(`the ${ctx.isInvoice ? "invoice" : "subscription"} has no customer`);
  const customer = await callLoader(ctx, "customer", () => ctx.loaders.customer(id));
  if (!customer) return unavailable(notLoaded("customer", id, ctx.unavailableReason));
  if (customer.deleted === true) return unavailable(`customer ${id} was deleted`);
  return available(customer.metadata ?? {});
}

/** The subscription: the event's object on a subscription trigger, an expanded one, else one read. */
export async function loadSubscription(ctx: FactContext): Promise<FactOutcome<StripeObject>> {
  if (!ctx.isInvoice) return available(ctx.object);
  const expanded = invoiceExpandedSubscription(ctx.object);
  if (expanded) return available(expanded);
  const id = invoiceSubscriptionId(ctx.object);
  if (!id) return unavailable("the invoice does not belong to a subscription");
  const subscription = asRecord(await callLoader(ctx, "subscription", () => ctx.loaders.subscription(id)));
  if (!subscription) return unavailable(notLoaded("subscription", id, ctx.unavailableReason));
  return available(subscription);
}

/** The subscription through the almanac's cache (a condition's fact asks for it this way). */
export function subscriptionOf(almanac: Almanac): Promise<FactOutcome<StripeObject>> {
  return almanac.factValue<FactOutcome<StripeObject>>(SUBSCRIPTION_FACT);
}

export function customerMetadataOf(almanac: Almanac): Promise<FactOutcome<Record<string, string>>> {
  return almanac.factValue<FactOutcome<Record<string, string>>>(CUSTOMER_FACT);
}

/** One key of a metadata fact: its value, null when the key is not set. */
export function metadataValue(
  metadata: FactOutcome<Record<string, string>>,
  params: Record<string, unknown>,
): FactOutcome<string | null> {
  if (metadata.unavailable !== undefined) return metadata;
  const key = String(params.key);
  // hasOwn: a key such as "constructor" must not find Object.prototype's.
  return available(Object.hasOwn(metadata.value, key) ? (metadata.value[key] ?? null) : null);
}

/** The operators shared by several conditions. */
export const SHARED_OPERATORS = {
  equalsAvailable: (fact: FactOutcome<unknown>, expected: unknown) =>
    fact.unavailable === undefined && fact.value === expected,
  containsAny: (fact: FactOutcome<unknown>, expected: unknown) =>
    fact.unavailable === undefined &&
    Array.isArray(fact.value) &&
    Array.isArray(expected) &&
    fact.value.some((item) => expected.includes(item)),
};
