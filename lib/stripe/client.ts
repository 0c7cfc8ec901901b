// The one place the Stripe SDK is constructed. Everything else goes through the gateway.
import Stripe from "stripe";

import { DEFAULT_STRIPE_TIMEOUT_MS, type Config } from "@/lib/config";

/**
 * The API version every request and every re-fetched object uses. Pinned here rather than taken
 * from the account's default, so payload shapes cannot change under the engine; `satisfies`
 * makes an SDK upgrade that moves the version a compile error to look at, not a silent change.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const satisfies Stripe.LatestApiVersion;

export const STRIPE_APP_INFO = {
  name: "billing-automations",
  version: "0.1.0",
} as const;

export interface StripeClientOptions {
  timeoutMs?: number;
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
    // across ticks (and across worker restarts) instead of blocking here.
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? config.stripeTimeoutMs ?? DEFAULT_STRIPE_TIMEOUT_MS,
    appInfo: { ...STRIPE_APP_INFO },
    typescript: true,
    ...(base ? { host: base.host, port: base.port, protocol: base.protocol } : {}),
  });
}
