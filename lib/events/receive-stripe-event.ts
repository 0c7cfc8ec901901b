import Stripe from "stripe";
import type { Prisma } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Engine } from "@/lib/engine/engine";
import { AppError, invalid, parseOrThrow } from "@/lib/errors";
import { runStepIdFromIdempotencyKey } from "./engine-idempotency";
import { eventIdempotencyKey, isHandledEventType, stripeEventSchema, type StripeEvent } from "./stripe-event";

/** Stripe's own limit on a delivery's age; older signatures are refused as replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** Stripe's events are far smaller; a larger body is refused before it is parsed. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type ReceiveResult =
  | { status: "stored"; eventId: string; event: StripeEvent; causedByRunStepId: string | null }
  | { status: "duplicate"; eventId: string }
  | { status: "ignored"; eventId: string; reason: string };

/**
 * The webhook's domain half: verify the signature over the raw body, validate the envelope, and
 * store the event once by its id. Matching runs after the event is safely stored (processEvent).
 * Throws AppError("validation") for anything that must be refused; nothing is stored then.
 */
export async function receiveStripeEvent(
  engine: Engine,
  input: { rawBody: string; signature: string | null },
): Promise<ReceiveResult> {
  const secret = engine.config.stripeWebhookSecret;
  if (!secret) throw new AppError("unavailable", "STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified");
  if (!input.signature) throw invalid("missing Stripe-Signature header");
  if (Buffer.byteLength(input.rawBody) > MAX_WEBHOOK_BODY_BYTES) throw invalid("payload too large");

  try {
    Stripe.webhooks.constructEvent(
      input.rawBody,
      input.signature,
      secret,
      SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      engine.now().getTime(),
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : "verification failed";
    throw invalid(`invalid Stripe signature: ${detail}`);
  }

  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    throw invalid("payload is not JSON");
  }
  const event = parseOrThrow(stripeEventSchema, json, "payload is not a Stripe event");
  if (!isHandledEventType(event.type)) {
    return { status: "ignored", eventId: event.id, reason: `${event.type} is not an event the engine acts on` };
  }

  const causedByRunStepId = runStepIdFromIdempotencyKey(eventIdempotencyKey(event));
  try {
    await engine.db.event.create({
      data: {
        id: event.id,
        type: event.type,
        apiVersion: event.api_version ?? null,
        livemode: event.livemode,
        objectId: event.data.object.id,
        payload: json as Prisma.InputJsonValue,
        causedByRunStepId,
        receivedAt: engine.now(),
      },
    });
    return { status: "stored", eventId: event.id, event, causedByRunStepId };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Stripe redelivers for days and sometimes twice at once: count it, change nothing else.
    await engine.db.event.update({ where: { id: event.id }, data: { duplicateDeliveries: { increment: 1 } } });
    return { status: "duplicate", eventId: event.id };
  }
}
