import type { Db } from "@/lib/db/client";
import { applyEnd } from "@/lib/outcomes/attribution";
import { invoiceSubscriptionId, type StripeObject } from "@/lib/rules/facts";
import { classifyEvent } from "./classify-event";
import { stripeEventSchema } from "./stripe-event";

const END_EVENT_TYPES = [
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "customer.subscription.deleted",
];

/**
 * Applies the end events already stored for a match's invoice and subscription to its new outcome:
 * Stripe does not deliver in order, and an invoice.paid processed before the match found no outcome
 * to move. Called after the match's transaction commits, so an end event stored from then on is
 * certain to find the outcome itself.
 */
export async function catchUpOutcome(db: Db, object: StripeObject): Promise<void> {
  const objectIds = [String(object.id), invoiceSubscriptionId(object)].filter(
    (id): id is string => typeof id === "string",
  );
  const stored = await db.event.findMany({
    where: { objectId: { in: objectIds }, type: { in: END_EVENT_TYPES } },
    select: { payload: true },
    orderBy: { receivedAt: "asc" },
  });
  for (const row of stored) {
    const parsed = stripeEventSchema.safeParse(row.payload);
    if (!parsed.success) continue;
    for (const intent of classifyEvent(parsed.data).intents) {
      if (intent.kind === "outcome") await applyEnd(db, intent.end);
    }
  }
}
