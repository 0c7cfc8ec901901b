// The webhooks this engine sends, as Stripe sends its own: a Stripe Event in Stripe's shape, signed
//   Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>[,v1=… while a rolled secret lasts]
// so a receiver verifies and parses it with `stripe.webhooks.constructEvent(body, header, secret)`
// unchanged. The same value goes in Billing-Automations-Signature, for receivers that must tell these
// deliveries from Stripe's own. The event id (and the Idempotency-Key header, equal to it) is
// derived from the run step by the caller, so a retried step delivers the same event and a
// receiver can drop the repeat.
import { createHash, createHmac } from "node:crypto";
import type { AllowList } from "@/lib/outbound/allow-list";
import { OutboundError, postOutbound, type OutboundResponse } from "@/lib/outbound/post";

export const STRIPE_SIGNATURE_HEADER = "Stripe-Signature";
export const SIGNATURE_HEADER = "Billing-Automations-Signature";
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** A Stripe Event as Stripe's API returns it (and as Stripe POSTs it to an endpoint). */
export interface OutgoingStripeEvent {
  id: string;
  object: "event";
  /** The API version the object inside is rendered in. */
  api_version: string | null;
  /** Unix seconds. */
  created: number;
  data: { object: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: string;
}

/** A stable event id for one logical delivery, e.g. webhookEventIdFor(`run-step:${step.id}`). */
export function webhookEventIdFor(key: string): string {
  return `evt_ba_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

/** Stripe's own field order, so the body reads like one of Stripe's. */
function serializeWebhookEvent(event: OutgoingStripeEvent): string {
  const { id, object, api_version, created, data, livemode, pending_webhooks, request, type } = event;
  return JSON.stringify({ id, object, api_version, created, data, livemode, pending_webhooks, request, type }, null, 2);
}

/** `t=…,v1=…` with one v1 per secret (a rolled secret signs beside the new one, as Stripe does). */
export function signWebhookPayload(body: string, secrets: readonly string[], timestamp: number): string {
  const signatures = secrets.map(
    (secret) => `v1=${createHmac("sha256", secret).update(`${timestamp}.`, "utf8").update(body, "utf8").digest("hex")}`,
  );
  return [`t=${timestamp}`, ...signatures].join(",");
}

/** What goes on the wire: where, which headers, which exact bytes. Also what dry-run records. */
export interface SignedDelivery {
  /** Without credentials (they travel in the Authorization header). */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Never log or record a URL's credentials or query (endpoints sometimes carry tokens there). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

export function signDelivery(input: {
  url: string;
  event: OutgoingStripeEvent;
  secrets: readonly string[];
  /** Unix seconds of the signature. */
  timestamp: number;
}): SignedDelivery {
  const { event } = input;
  if (input.secrets.length === 0) {
    throw new WebhookDeliveryError(`no signing secret for ${describeUrl(input.url)}`, "permanent");
  }
  let target: URL;
  try {
    target = new URL(input.url);
  } catch {
    throw new WebhookDeliveryError("webhook endpoint is not a valid URL", "permanent");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new WebhookDeliveryError(`webhook endpoint must be http(s), got ${target.protocol}`, "permanent");
  }
  // user:password@ in an endpoint URL means HTTP basic auth (Stripe's endpoints accept it too);
  // fetch refuses URLs with credentials, so they move into the Authorization header.
  const authorization =
    target.username || target.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`
      : undefined;
  target.username = "";
  target.password = "";

  const body = serializeWebhookEvent(event);
  const signature = signWebhookPayload(body, input.secrets, input.timestamp);
  return {
    url: target.toString(),
    body,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "BillingAutomations/0.1 (+webhooks)",
      [STRIPE_SIGNATURE_HEADER]: signature,
      [SIGNATURE_HEADER]: signature,
      "Idempotency-Key": event.id,
      ...(authorization ? { Authorization: authorization } : {}),
    },
  };
}

export type WebhookErrorKind = "transient" | "permanent";

export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: WebhookErrorKind,
    readonly statusCode?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "WebhookDeliveryError";
  }
}

/** POSTs a signed delivery. Resolves with the status on 2xx; otherwise throws a WebhookDeliveryError. */
export async function postDelivery(
  delivery: SignedDelivery,
  options: { allowList: AllowList; timeoutMs?: number },
): Promise<number> {
  const where = describeUrl(delivery.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  let response: OutboundResponse;
  try {
    // A receiver that redirects is misconfigured; the answer is taken as it is, never followed.
    response = await postOutbound({ ...delivery, timeoutMs, allowList: options.allowList });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    const message =
      error.reason === "timeout"
        ? `webhook to ${where} timed out after ${timeoutMs} ms`
        : error.reason === "refused"
          ? `webhook to ${where} refused: ${error.message}`
          : `webhook to ${where} failed to connect: ${error.message}`;
    throw new WebhookDeliveryError(message, error.reason === "refused" ? "permanent" : "transient");
  }
  return acceptedStatus(response, `webhook to ${where}`);
}

/** The status of a 2xx answer; any other throws a WebhookDeliveryError saying what the receiver said. */
export function acceptedStatus(response: OutboundResponse, what: string): number {
  if (response.status >= 200 && response.status < 300) return response.status;
  const retryAfter = headerValue(response.headers["retry-after"]);
  const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : undefined;
  const snippet = response.text.trim().slice(0, 200);
  throw new WebhookDeliveryError(
    `${what} answered HTTP ${response.status}${snippet ? `: ${snippet}` : ""}`,
    webhookStatusKind(response.status),
    response.status,
    retryAfterSeconds,
  );
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** 408, 429 and 5xx are worth retrying; any other non-2xx (4xx, redirects) is the receiver saying no. */
function webhookStatusKind(status: number): WebhookErrorKind {
  return status === 408 || status === 429 || status >= 500 ? "transient" : "permanent";
}
