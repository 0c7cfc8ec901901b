// The one place the Stripe SDK is constructed. Everything else goes through the gateway.
import Stripe from "stripe";

import { DEFAULT_STRIPE_TIMEOUT_MS, type Config } from "@/lib/config";
import type { RateLimiter } from "@/lib/stripe/rate-limiter";

/**
 * The API version every request and every re-fetched object uses. Pinned here rather than taken
 * from the account's default, so payload shapes cannot change under the engine; `satisfies`
 * makes an SDK upgrade that moves the version a compile error to look at, not a silent change.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const satisfies Stripe.LatestApiVersion;

const STRIPE_APP_INFO = {
  name: "billing-automations",
  version: "0.1.0",
} as const;

export interface StripeClientOptions {
  timeoutMs?: number;
  /** Paces every request that goes on the wire, the SDK's own retries included. */
  limiter?: RateLimiter;
  /** Told of every request that goes on the wire (after the limiter let it through). */
  onRequest?: (request: { method: string; path: string }) => void;
}

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/**
 * The SDK's HTTP client behind the rate limiter. The limit must count requests on the wire, not
 * calls: the SDK sends a request again by itself once when its connection closes (even with
 * maxNetworkRetries 0, stripe-node's RequestSender._shouldRetry), and that request counts against
 * Stripe's limit like any other. Time spent waiting here is not part of the request's timeout.
 */
function pacedHttpClient(inner: HttpClient, options: StripeClientOptions): HttpClient {
  const { limiter, onRequest } = options;
  if (!limiter && !onRequest) return inner;
  const paced = Object.create(inner) as HttpClient;
  paced.makeRequest = async (...args) => {
    await limiter?.acquire();
    const [, , path, method] = args;
    onRequest?.({ method, path });
    return inner.makeRequest(...args);
  };
  return paced;
}

export function createStripeClient(
  config: Pick<Config, "stripeSecretKey" | "stripeApiBase"> & Partial<Pick<Config, "stripeTimeoutMs">>,
  options: StripeClientOptions = {},
): Stripe {
  if (!config.stripeSecretKey) {
    throw new Error("STRIPE_SECRET_KEY is not set: no Stripe client in dry-run mode (use the dry-run gateway)");
  }
  const base = config.stripeApiBase;
  return new Stripe(config.stripeSecretKey, {
    apiVersion: STRIPE_API_VERSION,
    // Retries belong to the scheduler, which keeps the step's idempotency key and backs off
    // across ticks (and across worker restarts) instead of blocking here. (The SDK still resends
    // once after a closed connection: a POST with the same key, which Stripe replays; a DELETE,
    // which Stripe runs again — the actions recognise work already done.)
    maxNetworkRetries: 0,
    httpClient: pacedHttpClient(Stripe.createNodeHttpClient(), options),
    timeout: options.timeoutMs ?? config.stripeTimeoutMs ?? DEFAULT_STRIPE_TIMEOUT_MS,
    appInfo: { ...STRIPE_APP_INFO },
    typescript: true,
    ...(base ? { host: base.host, port: base.port, protocol: base.protocol } : {}),
  });
}
