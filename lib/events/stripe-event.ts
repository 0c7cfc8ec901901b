import { z } from "zod";

/** Event types the engine acts on; anything else is acknowledged and not stored. */
export const HANDLED_EVENT_TYPES = [
  "invoice.finalized",
  "invoice.updated",
  "invoice.overdue",
  "invoice.payment_failed",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "customer.subscription.deleted",
] as const;
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export function isHandledEventType(type: string): type is HandledEventType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}

const eventId = z.string().regex(/^evt_[A-Za-z0-9_]+$/, "id must be a Stripe event id (evt_…)");
const eventType = z.string().min(1).max(200);

/**
 * What every Stripe event carries, whatever its type: enough to acknowledge one the engine does not
 * use. The rest of such an event is not read, so it is not judged either — some carry objects
 * without an id (`invoice.upcoming`, `balance.available`), and Stripe would retry a refusal for days.
 */
export const stripeEventHeaderSchema = z.object({ id: eventId, type: eventType });

/**
 * The envelope of an event the engine acts on, as loose as Stripe's API versions require: `request`
 * was a plain string before 2017-05-25 and is `{ id, idempotency_key }` since.
 */
export const stripeEventSchema = z.object({
  id: eventId,
  object: z.literal("event").optional(),
  type: eventType,
  created: z.number().int().positive(),
  api_version: z.string().nullish(),
  livemode: z.boolean().default(false),
  data: z.object({
    object: z.looseObject({ id: z.string().min(1), object: z.string().optional() }),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
  request: z
    .union([z.string(), z.object({ id: z.string().nullish(), idempotency_key: z.string().nullish() })])
    .nullish(),
});

export type StripeEvent = z.infer<typeof stripeEventSchema>;

export function eventIdempotencyKey(event: Pick<StripeEvent, "request">): string | null {
  const request = event.request;
  return request && typeof request === "object" ? (request.idempotency_key ?? null) : null;
}
