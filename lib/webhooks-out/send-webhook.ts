// The invoice.will_be_due webhooks this engine sends, signed the way Stripe signs its own:
//   Billing-Automations-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// The event id (and the Idempotency-Key header, equal to it) is derived from the run step by the
// caller, so a retried step delivers the same event and a receiver can drop the repeat.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Billing-Automations-Signature";
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export interface OutgoingWebhookEvent {
  id: string;
  type: "invoice.will_be_due";
  /** Unix seconds. */
  created: number;
  data: unknown;
}

export interface SendSignedWebhookInput {
  url: string;
  event: OutgoingWebhookEvent;
  secret: string | undefined;
  timeoutMs?: number;
  /** Injectable for tests: seconds since the epoch used in the signature. */
  now?: () => number;
}

export interface WebhookDelivery {
  status: number;
  /** The exact body that was signed and sent. */
  body: string;
  signature: string;
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

/** A stable event id for one logical delivery, e.g. webhookEventIdFor(`run-step:${step.id}`). */
export function webhookEventIdFor(key: string): string {
  return `evt_ba_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

function hmac(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`, "utf8");
  // The raw bytes as received: re-encoding a Buffer could change them.
  if (typeof body === "string") mac.update(body, "utf8");
  else mac.update(body);
  return mac.digest("hex");
}

export function signWebhookPayload(body: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export function serializeWebhookEvent(event: OutgoingWebhookEvent): string {
  return JSON.stringify({ id: event.id, object: "event", type: event.type, created: event.created, data: event.data });
}

function describeUrl(url: string): string {
  // Never log a URL's credentials or query (endpoints sometimes carry tokens there).
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/** POSTs the signed event. Resolves on 2xx; otherwise throws a WebhookDeliveryError. */
export async function sendSignedWebhook(input: SendSignedWebhookInput): Promise<WebhookDelivery> {
  const { url, event } = input;
  if (!input.secret) {
    throw new WebhookDeliveryError(
      `OUTGOING_WEBHOOK_SECRET is not set: cannot sign the ${event.type} webhook`,
      "permanent",
    );
  }
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookDeliveryError(`webhook endpoint is not a valid URL`, "permanent");
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
  const timestamp = Math.floor(input.now ? input.now() : Date.now() / 1000);
  const signature = signWebhookPayload(body, input.secret, timestamp);
  const timeoutMs = input.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const where = describeUrl(url);

  let response: Response;
  try {
    response = await fetch(target, {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "BillingAutomations/0.1 (+webhooks)",
        [SIGNATURE_HEADER]: signature,
        "Idempotency-Key": event.id,
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body,
      // A receiver that redirects is misconfigured; following would re-send the body elsewhere.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
    throw new WebhookDeliveryError(
      timedOut
        ? `webhook to ${where} timed out after ${timeoutMs} ms`
        : `webhook to ${where} failed to connect${cause}`,
      "transient",
    );
  }
  // Drain the body so the connection can be reused; its content matters only for errors.
  const responseText = await response.text().catch(() => "");

  if (response.status >= 200 && response.status < 300) {
    return { status: response.status, body, signature };
  }
  const kind = webhookStatusKind(response.status);
  const retryAfter = response.headers.get("retry-after");
  const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : undefined;
  const snippet = responseText.trim().slice(0, 200);
  throw new WebhookDeliveryError(
    `webhook to ${where} answered HTTP ${response.status}${snippet ? `: ${snippet}` : ""}`,
    kind,
    response.status,
    retryAfterSeconds,
  );
}

/** 408, 429 and 5xx are worth retrying; any other non-2xx (4xx, redirects) is the receiver saying no. */
function webhookStatusKind(status: number): WebhookErrorKind {
  return status === 408 || status === 429 || status >= 500 ? "transient" : "permanent";
}

/** For the scheduler: what a failure thrown by sendSignedWebhook means. */
export function classifyWebhookError(err: unknown): {
  kind: WebhookErrorKind;
  message: string;
  statusCode?: number;
  retryAfterSeconds?: number;
} {
  if (err instanceof WebhookDeliveryError) {
    return {
      kind: err.kind,
      message: err.message,
      ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
      ...(err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: "permanent", message };
}

export type SignatureVerification = { valid: true; timestamp: number } | { valid: false; reason: string };

/**
 * Checks a Billing-Automations-Signature header against the raw body, as a receiver would:
 * any v1 signature may match (secret rotation), and the timestamp must be within the tolerance.
 */
export function verifyWebhookSignature(
  body: string | Buffer,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds: number = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SignatureVerification {
  if (!header) return { valid: false, reason: `missing ${SIGNATURE_HEADER} header` };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.split("=", 2).map((s) => s.trim());
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value) signatures.push(value);
  }
  if (timestamp === undefined) return { valid: false, reason: "no timestamp in the signature header" };
  if (signatures.length === 0) return { valid: false, reason: "no v1 signature in the signature header" };

  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  const matches = signatures.some((candidate) => {
    if (!/^[0-9a-f]+$/i.test(candidate)) return false;
    const given = Buffer.from(candidate, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { valid: false, reason: "no signature matches the body" };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { valid: false, reason: `timestamp outside the tolerance of ${toleranceSeconds} s` };
  }
  return { valid: true, timestamp };
}
