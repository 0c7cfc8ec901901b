import { asRecord, type StripeObject } from "@/lib/rules/facts";
import { MAY_READ_STRIPE } from "../definition";
import { available, metadataValue, subscriptionOf } from "../facts";
import { metadataCondition } from "../metadata";

/** String values only: metadata as Stripe keeps it, whatever else a payload carries. */
function metadataOf(value: unknown): Record<string, string> | null {
  const record = asRecord(value);
  if (!record) return null;
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/**
 * The subscription's metadata as the invoice states it: basil (2025-03-31) and later payloads carry
 * `parent.subscription_details.metadata`, a snapshot of it taken when the invoice was made (null on
 * invoices created before 2023-06-29); older payloads have none, and null is returned.
 */
export function invoiceSubscriptionMetadata(invoice: StripeObject): Record<string, string> | null {
  return metadataOf(asRecord(asRecord(invoice.parent)?.subscription_details)?.metadata);
}

export const subscriptionMetadata = metadataCondition({
  type: "subscription_metadata",
  label: "Subscription metadata",
  hint: "The subscription's metadata has this key with exactly this value (on an invoice, as the invoice recorded it when it was made).",
  what: "Subscription metadata",
  fact: "subscriptionMetadata",
  // The invoice's snapshot where the payload has it (no read); else the shared subscription fact:
  // the event's object on a subscription trigger, an expanded one, or one read per event, shared
  // with the interval condition.
  async read(ctx, params, almanac) {
    const snapshot = ctx.isInvoice ? invoiceSubscriptionMetadata(ctx.object) : null;
    if (snapshot) return metadataValue(available(snapshot), params);
    const subscription = await subscriptionOf(almanac);
    if (subscription.unavailable !== undefined) return subscription;
    return metadataValue(available(metadataOf(subscription.value.metadata) ?? {}), params);
  },
  priority: MAY_READ_STRIPE,
});
