import {
  buildSampleEvent,
  buildSampleObjects,
  SAMPLE_EVENT_TYPES,
  sampleIds,
  signStripePayload,
  type SampleEventOptions,
  type SampleEventType,
} from "./sample-events";

export { SAMPLE_EVENT_TYPES };

/**
 * Sends a signed sample event, built from real Stripe payloads, to a running instance's webhook
 * route — the whole pipeline runs as for a real delivery. The customer and the subscription are
 * carried expanded (as an endpoint that expands them would send them), so conditions on customer
 * metadata and the subscription interval can match without a Stripe account.
 */
export async function sendSampleEvent(input: {
  baseUrl: string;
  secret: string;
  type: SampleEventType;
  options: SampleEventOptions;
}): Promise<{ status: number; body: string; eventId: string; objectId: string }> {
  // Fresh ids unless given: each sample is a new invoice or subscription, so each can start a run.
  const options = { ...sampleIds(), ...input.options };
  const event = buildSampleEvent(input.type, options);
  const object = event.data.object;
  if (options.customerMetadata && typeof object.customer === "string") {
    object.customer = { id: object.customer, object: "customer", metadata: options.customerMetadata };
  }
  const { subscription } = buildSampleObjects({ ...options, eventType: input.type });
  if (subscription && object.object === "invoice") {
    const parent = object.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
    if (typeof parent?.subscription_details?.subscription === "string")
      parent.subscription_details.subscription = subscription;
    else if (typeof object.subscription === "string") object.subscription = subscription;
  }
  const payload = JSON.stringify(event);
  const response = await fetch(new URL("/api/webhooks/stripe", input.baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signStripePayload(payload, input.secret) },
    body: payload,
  });
  return { status: response.status, body: await response.text(), eventId: event.id, objectId: event.data.object.id };
}
