import type { APIRequestContext } from "@playwright/test";
import {
  buildSampleEvent,
  sampleIds,
  signStripePayload,
  type SampleEventOptions,
  type SampleEventType,
} from "../lib/events/sample-events";
import { E2E } from "../playwright.config";

/** Calls the JSON API with the admin token (test setup that is not what a test is about). */
export async function api(request: APIRequestContext, method: string, path: string, data?: unknown) {
  const response = await request.fetch(path, {
    method,
    data,
    headers: { authorization: `Bearer ${E2E.apiToken}` },
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Delivers a signed Stripe event to the webhook route, as Stripe would. Returns the event and object ids. */
export async function deliverEvent(
  request: APIRequestContext,
  type: SampleEventType,
  options: SampleEventOptions = {},
) {
  const firstAttempt = type === "invoice.payment_failed" ? { attemptCount: 1 } : {};
  const event = buildSampleEvent(type, { ...sampleIds(), ...firstAttempt, ...options });
  const body = JSON.stringify(event);
  const response = await request.post("/api/webhooks/stripe", {
    data: body,
    headers: { "content-type": "application/json", "stripe-signature": signStripePayload(body, E2E.webhookSecret) },
  });
  if (!response.ok()) throw new Error(`webhook refused: ${response.status()} ${await response.text()}`);
  return { eventId: event.id, objectId: event.data.object.id };
}

/** A name no other test uses, so tests never depend on each other's rows. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 7)}`;
}
