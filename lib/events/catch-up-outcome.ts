import type { Db } from "@/lib/db/client";
import type { SqlRunner } from "@/lib/db/direct-sql";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { rawJson } from "@/lib/db/json";
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
export async function catchUpOutcome({ db, sql }: { db: Db; sql: SqlRunner }, object: StripeObject): Promise<void> {
  const objectIds = [String(object.id), invoiceSubscriptionId(object)].filter(
    (id): id is string => typeof id === "string",
  );
  // A direct statement (lib/db/direct-sql.ts): every match makes it, and it almost always finds nothing.
  const stored = await sql.query<{ payload: unknown }>(Prisma.sql`
    SELECT "payload" FROM "Event"
    WHERE "objectId" IN (${Prisma.join(objectIds)}) AND "type" IN (${Prisma.join(END_EVENT_TYPES)})
    ORDER BY "receivedAt"`);
  for (const row of stored) {
    const parsed = stripeEventSchema.safeParse(rawJson(row.payload));
    if (!parsed.success) continue;
    for (const intent of classifyEvent(parsed.data).intents) {
      if (intent.kind === "outcome") await applyEnd(db, intent.end);
    }
  }
}
