// The only way the engine talks to Stripe. Two implementations behind one factory:
// - live/test: the SDK, every request on the wire through the rate limiter (the SDK's own resends
//   included) — the one all processes on the database share, as the engine builds it — every write
//   keyed;
// - dry-run (no STRIPE_SECRET_KEY): nothing leaves the process; reads answer null and writes
//   describe the exact request the SDK would have made.
// The domain sees the loose shapes below, not the SDK's types.
import type Stripe from "stripe";

import { stripeMode, type Config, type StripeMode } from "@/lib/config";
import { createStripeClient } from "@/lib/stripe/client";
import { isStripeNotFound } from "@/lib/stripe/errors";
import { getProcessRateLimiter, type RateLimiter } from "@/lib/stripe/rate-limiter";
import { countStripeRequest } from "@/lib/metrics/metrics";

type Metadata = Record<string, string>;
/** Stripe returns either an id or, when expanded, the object. */
type IdOrObject = string | { id: string; [key: string]: unknown };

interface StripePriceLike {
  id: string;
  product: IdOrObject | null;
  currency?: string;
  unit_amount?: number | null;
  recurring?: { interval: "day" | "week" | "month" | "year"; interval_count: number } | null;
}

interface StripeInvoiceLineLike {
  id: string;
  amount?: number;
  currency?: string;
  description?: string | null;
  /** API versions before 2025-03-31 ("basil"). */
  price?: StripePriceLike | null;
  /** From 2025-03-31: the product is at pricing.price_details.product. */
  pricing?: { type?: string; price_details?: { price: string; product: string } | null } | null;
  [key: string]: unknown;
}

export interface StripeInvoiceLike {
  id: string;
  object?: "invoice";
  livemode?: boolean;
  status: "draft" | "open" | "paid" | "uncollectible" | "void" | null;
  auto_advance?: boolean;
  collection_method: "charge_automatically" | "send_invoice";
  /** Unix seconds. */
  due_date: number | null;
  customer: IdOrObject | null;
  customer_email?: string | null;
  customer_name?: string | null;
  currency: string;
  amount_due: number;
  amount_remaining?: number;
  attempt_count?: number;
  number?: string | null;
  hosted_invoice_url?: string | null;
  metadata: Metadata | null;
  /** API versions before 2025-03-31 ("basil"). */
  subscription?: IdOrObject | null;
  /** From 2025-03-31: parent.subscription_details.subscription. */
  parent?: {
    type?: string;
    subscription_details?: { subscription: IdOrObject; metadata?: Metadata | null } | null;
  } | null;
  lines?: { data: StripeInvoiceLineLike[]; has_more?: boolean };
  /**
   * Includable: only in an answer that expands it (INVOICE_PAYMENTS_EXPAND). Each payment names a
   * PaymentIntent (`last_payment_error` says why its last attempt failed) or, without one, a charge.
   */
  payments?: {
    data: Array<{
      id: string;
      created?: number;
      status?: string;
      payment: { type: string; payment_intent?: IdOrObject; charge?: IdOrObject };
      [key: string]: unknown;
    }>;
    has_more?: boolean;
  };
  [key: string]: unknown;
}

/**
 * The expansions that put an invoice's last payment failure in the invoice's own answer: its
 * payments (includable, absent unless expanded) with their PaymentIntents, or their charges for a
 * payment made without one. Four levels, Stripe's deepest.
 */
export const INVOICE_PAYMENTS_EXPAND: readonly string[] = [
  "payments.data.payment.payment_intent",
  "payments.data.payment.charge",
];

export interface StripeCustomerLike {
  id: string;
  object?: "customer";
  /** A deleted customer comes back as { id, object, deleted: true } with nothing else. */
  deleted?: boolean;
  email?: string | null;
  name?: string | null;
  metadata?: Metadata;
  [key: string]: unknown;
}

interface StripeSubscriptionItemLike {
  id: string;
  price: StripePriceLike;
  quantity?: number;
  [key: string]: unknown;
}

export interface StripeSubscriptionLike {
  id: string;
  object?: "subscription";
  livemode?: boolean;
  status: string;
  customer: IdOrObject;
  currency?: string;
  metadata?: Metadata;
  items: { data: StripeSubscriptionItemLike[]; has_more?: boolean };
  pause_collection: { behavior: "keep_as_draft" | "mark_uncollectible" | "void"; resumes_at: number | null } | null;
  [key: string]: unknown;
}

/** The invoice fields the engine changes. "" unsets a metadata key, as in Stripe's API. */
interface UpdateInvoiceParams {
  auto_advance?: boolean;
  metadata?: Record<string, string | "">;
}

interface UpdateSubscriptionParams {
  /** "" clears it (resumes collection). */
  pause_collection?: { behavior: "keep_as_draft" | "mark_uncollectible" | "void"; resumes_at?: number } | "";
  metadata?: Record<string, string | "">;
}

export interface WriteOptions {
  /** Derived from the run step, so a retried step can never act twice. Required. */
  idempotencyKey: string;
}

export type WriteResult<T> =
  | {
      sent: true;
      result: T;
      idempotencyKey: string;
      /** Stripe answered with the stored response of an earlier request with this key (Idempotent-Replayed). */
      replayed: boolean;
    }
  | {
      sent: false;
      /** The request the SDK would have made, e.g. "POST /v1/invoices/in_123/mark_uncollectible". */
      wouldSend: string;
      params: Record<string, unknown>;
      idempotencyKey: string;
    };

type ReadKind = "invoice" | "customer" | "subscription";
export type WriteMethod =
  "updateInvoice" | "payInvoice" | "markInvoiceUncollectible" | "updateSubscription" | "cancelSubscription";

interface GatewayStats {
  /** Reads asked of the gateway, per object kind (in dry-run too, where none reaches Stripe). */
  reads: Record<ReadKind, number>;
  writes: Record<WriteMethod, number>;
  /** Requests that went on the wire, the SDK's own resends included (0 in dry-run). */
  requests: number;
}

interface ReadOptions {
  /** Related objects to embed in the answer (Stripe's `expand`), saving a read of each. */
  expand?: string[];
}

export interface StripeGateway {
  readonly mode: StripeMode;
  retrieveInvoice(id: string, options?: ReadOptions): Promise<StripeInvoiceLike | null>;
  retrieveCustomer(id: string): Promise<StripeCustomerLike | null>;
  retrieveSubscription(id: string): Promise<StripeSubscriptionLike | null>;
  updateInvoice(
    id: string,
    params: UpdateInvoiceParams,
    options: WriteOptions,
  ): Promise<WriteResult<StripeInvoiceLike>>;
  payInvoice(id: string, options: WriteOptions): Promise<WriteResult<StripeInvoiceLike>>;
  markInvoiceUncollectible(id: string, options: WriteOptions): Promise<WriteResult<StripeInvoiceLike>>;
  updateSubscription(
    id: string,
    params: UpdateSubscriptionParams,
    options: WriteOptions,
  ): Promise<WriteResult<StripeSubscriptionLike>>;
  cancelSubscription(id: string, options: WriteOptions): Promise<WriteResult<StripeSubscriptionLike>>;
  stats(): GatewayStats;
}

/** Thrown (as a rejected promise) by a write called without an idempotency key: a bug, never retried. */
export class MissingIdempotencyKeyError extends Error {
  constructor(method: WriteMethod) {
    super(`${method}: an idempotency key is required for every Stripe write (derive it from the run step)`);
    this.name = "MissingIdempotencyKeyError";
  }
}

/** The method and path the SDK uses for each write; the dry-run gateway reports them verbatim. */
export function describeWrite(method: WriteMethod, id: string): string {
  const e = encodeURIComponent(id);
  switch (method) {
    case "updateInvoice":
      return `POST /v1/invoices/${e}`;
    case "payInvoice":
      return `POST /v1/invoices/${e}/pay`;
    case "markInvoiceUncollectible":
      return `POST /v1/invoices/${e}/mark_uncollectible`;
    case "updateSubscription":
      return `POST /v1/subscriptions/${e}`;
    case "cancelSubscription":
      return `DELETE /v1/subscriptions/${e}`;
  }
}

/** All counts at zero. */
export function newGatewayStats(): GatewayStats {
  return {
    requests: 0,
    reads: { invoice: 0, customer: 0, subscription: 0 },
    writes: {
      updateInvoice: 0,
      payInvoice: 0,
      markInvoiceUncollectible: 0,
      updateSubscription: 0,
      cancelSubscription: 0,
    },
  };
}

function copyStats(stats: GatewayStats): GatewayStats {
  return { requests: stats.requests, reads: { ...stats.reads }, writes: { ...stats.writes } };
}

function requireKey(method: WriteMethod, options: WriteOptions | undefined): string {
  const key = options?.idempotencyKey;
  if (typeof key !== "string" || key.trim() === "") throw new MissingIdempotencyKeyError(method);
  return key;
}

function requireId(method: string, id: string): void {
  if (typeof id !== "string" || id.trim() === "") throw new Error(`${method}: an object id is required`);
}

/** The SDK's objects seen through the loose shapes above (they carry every field those name). */
function asLoose<T>(value: unknown): T {
  return value as T;
}

interface GatewayDeps {
  /** Built around the stats (a client of the caller's own is counted by what it is asked). */
  client: (stats: GatewayStats) => Stripe;
  mode: "live" | "test";
}

/** Whether Stripe answered a keyed POST with the stored response of an earlier one. */
function wasReplayed(result: unknown): boolean {
  const headers = (result as { lastResponse?: { headers?: Record<string, unknown> } } | null)?.lastResponse?.headers;
  return headers?.["idempotent-replayed"] === "true";
}

function createSdkGateway(deps: GatewayDeps): StripeGateway {
  const { mode } = deps;
  const stats = newGatewayStats();
  const client = deps.client(stats);

  async function read<T>(kind: ReadKind, id: string, call: () => Promise<unknown>): Promise<T | null> {
    requireId(`retrieve ${kind}`, id);
    stats.reads[kind] += 1;
    try {
      return asLoose<T>(await call());
    } catch (err) {
      if (isStripeNotFound(err)) return null;
      throw err;
    }
  }

  async function write<T>(
    method: WriteMethod,
    id: string,
    options: WriteOptions,
    call: (requestOptions: Stripe.RequestOptions) => Promise<unknown>,
  ): Promise<WriteResult<T>> {
    const idempotencyKey = requireKey(method, options);
    requireId(method, id);
    stats.writes[method] += 1;
    const answer = await call({ idempotencyKey });
    return { sent: true, result: asLoose<T>(answer), idempotencyKey, replayed: wasReplayed(answer) };
  }

  return {
    mode,
    stats: () => copyStats(stats),
    retrieveInvoice: (id, options) =>
      read<StripeInvoiceLike>("invoice", id, () =>
        client.invoices.retrieve(id, options?.expand?.length ? { expand: options.expand } : {}),
      ),
    retrieveCustomer: (id) => read<StripeCustomerLike>("customer", id, () => client.customers.retrieve(id)),
    retrieveSubscription: (id) =>
      read<StripeSubscriptionLike>("subscription", id, () => client.subscriptions.retrieve(id)),
    updateInvoice: (id, params, options) =>
      write<StripeInvoiceLike>("updateInvoice", id, options, (o) =>
        client.invoices.update(id, params as Stripe.InvoiceUpdateParams, o),
      ),
    payInvoice: (id, options) =>
      write<StripeInvoiceLike>("payInvoice", id, options, (o) => client.invoices.pay(id, {}, o)),
    markInvoiceUncollectible: (id, options) =>
      write<StripeInvoiceLike>("markInvoiceUncollectible", id, options, (o) =>
        client.invoices.markUncollectible(id, {}, o),
      ),
    updateSubscription: (id, params, options) =>
      write<StripeSubscriptionLike>("updateSubscription", id, options, (o) =>
        client.subscriptions.update(id, params as Stripe.SubscriptionUpdateParams, o),
      ),
    cancelSubscription: (id, options) =>
      write<StripeSubscriptionLike>("cancelSubscription", id, options, (o) => client.subscriptions.cancel(id, {}, o)),
  };
}

/** A gateway that describes its writes and reads nothing (dry-run mode, or a dry-run run). */
export function createDryRunGateway(): StripeGateway {
  const stats = newGatewayStats();

  async function read(kind: ReadKind, id: string): Promise<null> {
    requireId(`retrieve ${kind}`, id);
    stats.reads[kind] += 1;
    return null;
  }

  async function write<T>(
    method: WriteMethod,
    id: string,
    options: WriteOptions,
    params: Record<string, unknown>,
  ): Promise<WriteResult<T>> {
    const idempotencyKey = requireKey(method, options);
    requireId(method, id);
    stats.writes[method] += 1;
    return { sent: false, wouldSend: describeWrite(method, id), params: structuredClone(params), idempotencyKey };
  }

  return {
    mode: "dry-run",
    stats: () => copyStats(stats),
    retrieveInvoice: (id) => read("invoice", id),
    retrieveCustomer: (id) => read("customer", id),
    retrieveSubscription: (id) => read("subscription", id),
    updateInvoice: (id, params, options) => write("updateInvoice", id, options, { ...params }),
    payInvoice: (id, options) => write("payInvoice", id, options, {}),
    markInvoiceUncollectible: (id, options) => write("markInvoiceUncollectible", id, options, {}),
    updateSubscription: (id, params, options) => write("updateSubscription", id, options, { ...params }),
    cancelSubscription: (id, options) => write("cancelSubscription", id, options, {}),
  };
}

export interface CreateStripeGatewayOptions {
  /** A ready SDK client (tests); by default one is built from the config. */
  client?: Stripe;
  /**
   * The engine passes the one every process on its database shares (shared-rate-limiter.ts); without
   * one, the limiter of this process alone at STRIPE_MAX_REQUESTS_PER_SECOND.
   */
  limiter?: RateLimiter;
}

/** Dry-run when STRIPE_SECRET_KEY is unset; otherwise the SDK, in the key's mode. */
export function createStripeGateway(
  config: Pick<Config, "stripeSecretKey" | "stripeApiBase" | "stripeMaxRequestsPerSecond"> &
    Partial<Pick<Config, "stripeTimeoutMs">>,
  options: CreateStripeGatewayOptions = {},
): StripeGateway {
  const mode = stripeMode(config);
  if (mode === "dry-run") return createDryRunGateway();
  const limiter = options.limiter ?? getProcessRateLimiter(config.stripeMaxRequestsPerSecond);
  return createSdkGateway({
    client: (stats) => {
      const client =
        options.client ??
        createStripeClient(config, {
          limiter,
          onRequest: () => {
            stats.requests += 1;
          },
        });
      // Every answer Stripe gave, by endpoint and status (429s included), for /metrics.
      client.on("response", (response: { method?: string; path?: string; status?: number }) =>
        countStripeRequest(response.method ?? "?", response.path ?? "?", response.status ?? 0),
      );
      return client;
    },
    mode,
  });
}
