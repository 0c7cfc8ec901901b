// POST /api/webhooks/stripe — Stripe's deliveries: verified by signature (no token), stored once, matched after the answer
import { getEngine } from "@/lib/engine/engine";
import { processEvent } from "@/lib/events/process-event";
import { MAX_WEBHOOK_BODY_BYTES, receiveStripeEvent } from "@/lib/events/receive-stripe-event";
import { afterResponse } from "@/lib/http/after-response";
import { errorResponse, jsonError } from "@/lib/http/respond";

export async function POST(request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_WEBHOOK_BODY_BYTES) return jsonError(413, "payload too large");
  const engine = getEngine();
  try {
    // The signature covers the exact bytes Stripe sent: read them raw, parse nothing before verifying.
    const rawBody = await request.text();
    const received = await receiveStripeEvent(engine, { rawBody, signature: request.headers.get("stripe-signature") });
    if (received.status === "stored") {
      // Answer Stripe now; match and start runs once the response is on its way. If this process
      // dies first, the worker's sweep picks the stored event up.
      const { event, causedByRunStepId } = received;
      afterResponse(() => processEvent(engine, received.eventId, { event, causedByRunStepId }));
    }
    const reason = received.status === "ignored" ? { reason: received.reason } : {};
    return Response.json({ received: true, status: received.status, eventId: received.eventId, ...reason });
  } catch (error) {
    return errorResponse(error, "POST /api/webhooks/stripe");
  }
}
