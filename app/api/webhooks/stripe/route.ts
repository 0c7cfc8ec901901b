// POST /api/webhooks/stripe — Stripe's deliveries: verified by signature (no token), stored once, matched after the answer
import { getEngine } from "@/lib/engine/engine";
import { matchSoon } from "@/lib/events/match-soon";
import { claimedEventIds, MAX_WEBHOOK_BODY_BYTES, receiveStripeEvent } from "@/lib/events/receive-stripe-event";
import { afterResponse } from "@/lib/http/after-response";
import { decodeUtf8, readBodyWithin, requireJsonContentType } from "@/lib/http/request-body";
import { errorResponse } from "@/lib/http/respond";
import { errorMessage } from "@/lib/log/logger";
import { countDelivery } from "@/lib/metrics/metrics";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export async function POST(request: Request): Promise<Response> {
  const engine = getEngine();
  let rawBody: string | undefined;
  try {
    // Stripe sends application/json; anything else is not a delivery, and is refused unread.
    requireJsonContentType(request);
    // The signature covers the exact bytes Stripe sent: read them raw (never more than the limit),
    // parse nothing before verifying.
    rawBody = decodeUtf8(await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES));
    const received = await receiveStripeEvent(engine, { rawBody, signature: request.headers.get("stripe-signature") });
    countDelivery(received.type, received.status);
    if (received.status === "stored" && engine.config.runWorker) {
      // Answer Stripe now; match and start runs once the response is on its way. If this process
      // dies first, the worker's sweep picks the stored event up. A web instance without a worker
      // (RUN_WORKER=false, beside `npm run worker`) only stores and tells the workers
      // (NOTIFY on PostgreSQL), who match on their cores, so ingest costs one insert.
      const { event, causedByRunStepId } = received;
      afterResponse(() => matchSoon(engine, received.eventId, { event, causedByRunStepId }));
    } else if (received.status === "stored") {
      engine.signal.notify("events");
    }
    const reason = received.status === "ignored" ? { reason: received.reason } : {};
    engine.log.debug({ eventId: received.eventId, status: received.status, ...reason }, "webhook delivery received");
    return Response.json({ received: true, status: received.status, eventId: received.eventId, ...reason });
  } catch (error) {
    const response = errorResponse(error, "POST /api/webhooks/stripe", engine.log);
    const claimed = claimedEventIds(rawBody);
    countDelivery(claimed.eventType ?? null, "refused");
    if (response.status < 500) {
      // Stripe retries a refused delivery for days and flags the endpoint: say why, with the ids to find it.
      engine.log.warn(
        { status: response.status, reason: errorMessage(error), ...claimed },
        `webhook delivery refused (${response.status}): ${errorMessage(error)}`,
      );
    }
    return response;
  }
}

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
