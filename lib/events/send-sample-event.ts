import { buildSampleEvent, SAMPLE_EVENT_TYPES, sampleIds, signStripePayload, type SampleEventOptions, type SampleEventType } from "./sample-events";

export { SAMPLE_EVENT_TYPES };

/**
 * Sends a signed sample event, built from real Stripe payloads, to a running instance's webhook
 * route — the whole pipeline runs as for a real delivery. Customer metadata is carried on an
 * expanded customer object, so conditions on it can match without a Stripe account.
 */
export async function sendSampleEvent(input: {
  baseUrl: string;
  secret: string;
  type: SampleEventType;
  options: SampleEventOptions;
}): Promise<{ status: number; body: string; eventId: string; objectId: string }> {
  // Fresh ids unless given: each sample is a new invoice or subscription, so each can start a run.
  const event = buildSampleEvent(input.type, { ...sampleIds(), ...input.options });
  if (input.options.customerMetadata && typeof event.data.object.customer === "string") {
    event.data.object.customer = { id: event.data.object.customer, object: "customer", metadata: input.options.customerMetadata };
  }
  const payload = JSON.stringify(event);
  const response = await fetch(new URL("/api/webhooks/stripe", input.baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signStripePayload(payload, input.secret) },
    body: payload,
  });
  return { status: response.status, body: await response.text(), eventId: event.id, objectId: event.data.object.id };
}
