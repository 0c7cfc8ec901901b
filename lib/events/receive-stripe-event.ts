import Stripe from "stripe";
import { insertRows, json as jsonCell } from "@/lib/db/insert-rows";
import type { Engine } from "@/lib/engine/engine";
import { AppError, invalid, parseOrThrow } from "@/lib/errors";
import { runStepIdFromIdempotencyKey } from "@/lib/runs/idempotency-key";
import { searchFieldsOf } from "./search-fields";
import {
  eventIdempotencyKey,
  isHandledEventType,
  stripeEventHeaderSchema,
  stripeEventSchema,
  type StripeEvent,
} from "./stripe-event";

/**
 * Stripe's own limit on a delivery's age; older signatures are refused as replays. Signatures
 * dated further ahead than this are refused too: clocks drift by seconds, and a signature made for
 * the future would otherwise stay replayable until then.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** Stripe's events are far smaller; a larger body is refused before it is parsed. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Stripe's ids are at most 255 characters. A longer one is not Stripe's, and could not be stored:
 * PostgreSQL cannot index a key over about 2.7 kB.
 */
const MAX_STRIPE_ID_LENGTH = 255;

const receivedEventSchema = stripeEventSchema.superRefine((event, ctx) => {
  for (const [path, id] of [
    [["id"], event.id],
    [["data", "object", "id"], event.data.object.id],
  ] as const) {
    if (id.length > MAX_STRIPE_ID_LENGTH) {
      ctx.addIssue({ code: "custom", path: [...path], message: `must be at most ${MAX_STRIPE_ID_LENGTH} characters` });
    }
  }
});

export type ReceiveResult = { type: string } & (
  | { status: "stored"; eventId: string; event: StripeEvent; causedByRunStepId: string | null }
  | { status: "duplicate"; eventId: string }
  | { status: "ignored"; eventId: string; reason: string }
);

/**
 * The webhook's domain half: verify the signature over the raw body, validate the envelope, and
 * store the event once by its id. Matching runs after the event is safely stored (processEvent).
 * Throws an AppError (validation, too_large) for anything that must be refused; nothing is stored then.
 */
export async function receiveStripeEvent(
  engine: Engine,
  input: { rawBody: string; signature: string | null },
): Promise<ReceiveResult> {
  const secret = engine.config.stripeWebhookSecret;
  if (!secret) throw new AppError("unavailable", "STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified");
  if (!input.signature) throw invalid("missing Stripe-Signature header");
  if (Buffer.byteLength(input.rawBody) > MAX_WEBHOOK_BODY_BYTES) {
    throw new AppError("too_large", "payload too large: Stripe's events are under 1 MB");
  }

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
  const signedAt = signatureTimestamp(input.signature);
  const nowSeconds = Math.floor(engine.now().getTime() / 1000);
  if (signedAt !== null && signedAt - nowSeconds > SIGNATURE_TOLERANCE_SECONDS) {
    throw invalid(
      `invalid Stripe signature: its timestamp is ${signedAt - nowSeconds} s ahead of this server's clock (at most ${SIGNATURE_TOLERANCE_SECONDS} s allowed)`,
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    throw invalid("payload is not JSON");
  }
  // Only what the engine uses is validated: the id and type of any event, the whole envelope of the
  // types it acts on.
  const header = parseOrThrow(
    stripeEventHeaderSchema,
    isRecord(json) ? { id: json.id, type: json.type } : json,
    "payload is not a Stripe event",
  );
  if (!isHandledEventType(header.type)) {
    return {
      type: header.type,
      status: "ignored",
      eventId: header.id,
      reason: `${header.type} is not an event the engine acts on`,
    };
  }
  const event = parseOrThrow(receivedEventSchema, json, "payload is not a Stripe event");

  const causedByRunStepId = runStepIdFromIdempotencyKey(eventIdempotencyKey(event));
  // The hottest write there is, raw and direct (lib/db/insert-rows.ts, lib/db/direct-sql.ts). The id decides: a second delivery
  // of the same event inserts nothing.
  const inserted = await insertRows(
    engine.sql,
    engine.provider,
    {
      table: "Event",
      rows: [
        {
          id: event.id,
          type: event.type,
          apiVersion: event.api_version ?? null,
          livemode: event.livemode,
          objectId: event.data.object.id,
          ...searchFieldsOf(event.data.object),
          payload: jsonCell(json),
          causedByRunStepId,
          receivedAt: engine.now(),
        },
      ],
    },
    { ifAbsent: true },
  );
  if (inserted === 1) return { type: event.type, status: "stored", eventId: event.id, event, causedByRunStepId };
  // Stripe redelivers for days and sometimes twice at once: count it, change nothing else.
  await engine.db.event.updateMany({ where: { id: event.id }, data: { duplicateDeliveries: { increment: 1 } } });
  return { type: event.type, status: "duplicate", eventId: event.id };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The id and type a body says it has, for the log line of a refused delivery (never trusted: the
 * body may be unsigned or not an event at all).
 */
export function claimedEventIds(rawBody: string | undefined): { eventId?: string; eventType?: string } {
  if (!rawBody) return {};
  try {
    const json: unknown = JSON.parse(rawBody);
    if (!isRecord(json)) return {};
    const short = (value: unknown) => (typeof value === "string" ? value.slice(0, 100) : undefined);
    return { eventId: short(json.id), eventType: short(json.type) };
  } catch {
    return {};
  }
}

/** The `t=` of a Stripe-Signature header, read as Stripe's library reads it (the last one wins). */
function signatureTimestamp(header: string): number | null {
  let timestamp: number | null = null;
  for (const part of header.split(",")) {
    const [key, value = ""] = part.split("=");
    if (key === "t") timestamp = Number.parseInt(value, 10);
  }
  return timestamp === null || Number.isNaN(timestamp) ? null : timestamp;
}
