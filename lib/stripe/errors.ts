// What a failed Stripe call means for the step that made it: retry later (transient), give up
// with Stripe's reason (permanent), or record a payment decline (declined, not a fault).
// The scheduler retries transient failures itself (lib/jobs/backoff.ts), with the step's idempotency
// key kept, so the SDK's own retries are off (see client.ts).

type StripeErrorKind = "transient" | "permanent" | "declined";

export interface StripeErrorClassification {
  kind: StripeErrorKind;
  message: string;
  /** Stripe's error code (e.g. card_declined, resource_missing, lock_timeout). */
  code?: string;
  /** For declines: the issuer's reason, when Stripe passes it on (e.g. insufficient_funds). */
  declineCode?: string;
  statusCode?: number;
  /** From a Retry-After header, when the server sent one. */
  retryAfterSeconds?: number;
  requestId?: string;
}

/** Node's network error codes that mean "the request may not have reached the other side". */
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
]);

interface StripeErrorShape {
  type?: unknown;
  message?: unknown;
  code?: unknown;
  decline_code?: unknown;
  statusCode?: unknown;
  headers?: unknown;
  requestId?: unknown;
  rawType?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    if (typeof value === "string") return value;
    if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  }
  return undefined;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

function withOptional(
  base: { kind: StripeErrorKind; message: string },
  extra: Omit<StripeErrorClassification, "kind" | "message">,
): StripeErrorClassification {
  const out: StripeErrorClassification = { ...base };
  if (extra.code !== undefined) out.code = extra.code;
  if (extra.declineCode !== undefined) out.declineCode = extra.declineCode;
  if (extra.statusCode !== undefined) out.statusCode = extra.statusCode;
  if (extra.retryAfterSeconds !== undefined) out.retryAfterSeconds = extra.retryAfterSeconds;
  if (extra.requestId !== undefined) out.requestId = extra.requestId;
  return out;
}

/**
 * Classifies anything a Stripe call can throw: the SDK's errors (by their `type`, status and
 * headers, not by `instanceof`, so two copies of the SDK still agree), raw network errors, and
 * our own programming errors (permanent).
 */
export function classifyStripeError(err: unknown): StripeErrorClassification {
  if (!isRecord(err)) {
    return { kind: "permanent", message: `Stripe call failed: ${String(err)}` };
  }
  const e = err as StripeErrorShape;
  const type = str(e.type);
  const message = str(e.message) ?? "Stripe call failed";
  const code = str(e.code);
  const statusCode = typeof e.statusCode === "number" ? e.statusCode : undefined;
  const shouldRetry = header(e.headers, "stripe-should-retry");
  const retryAfterSeconds = parseRetryAfter(header(e.headers, "retry-after"));
  const extra = { code, statusCode, retryAfterSeconds, requestId: str(e.requestId) };

  // No response at all: the SDK's connection errors (its timeouts included) and raw socket errors.
  if (type === "StripeConnectionError" || (code !== undefined && NETWORK_ERROR_CODES.has(code))) {
    return withOptional({ kind: "transient", message }, extra);
  }

  if (statusCode === undefined) {
    // StripeAPIError without a status: the response was not Stripe's JSON (a proxy's error page).
    if (type === "StripeAPIError") return withOptional({ kind: "transient", message }, extra);
    if (err instanceof Error && err.name === "AbortError") return withOptional({ kind: "transient", message }, extra);
    return withOptional({ kind: "permanent", message }, extra);
  }

  if (statusCode === 402 || type === "StripeCardError") {
    return withOptional({ kind: "declined", message }, { ...extra, declineCode: str(e.decline_code) });
  }

  // Stripe says outright whether the same request can succeed later. With the same idempotency
  // key, a request whose result Stripe stored (a 500, say) replays that result: Stripe marks it
  // "false", and retrying it would only repeat the failure.
  if (shouldRetry === "false") return withOptional({ kind: "permanent", message }, extra);
  if (shouldRetry === "true") return withOptional({ kind: "transient", message }, extra);

  if (statusCode === 429 || type === "StripeRateLimitError" || code === "rate_limit") {
    return withOptional({ kind: "transient", message }, extra);
  }
  // 409: another request with the same idempotency key is still running, or a lock timed out.
  if (statusCode === 409 || code === "lock_timeout" || code === "idempotency_key_in_use") {
    return withOptional({ kind: "transient", message }, extra);
  }
  if (statusCode === 408 || statusCode >= 500) {
    return withOptional({ kind: "transient", message }, extra);
  }
  return withOptional({ kind: "permanent", message }, extra);
}

/**
 * True for a 404: the object in the path does not exist (reads turn this into null). A 400 with
 * code resource_missing is different: an object named in the parameters is missing.
 */
export function isStripeNotFound(err: unknown): boolean {
  return isRecord(err) && err.statusCode === 404;
}
