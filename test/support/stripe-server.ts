// A Stripe-compatible HTTP server for tests: the official SDK talks to it with
// `new Stripe(key, { host: "127.0.0.1", port, protocol: "http" })`. It keeps invoices, customers
// and subscriptions in memory (and the PaymentIntent, charges and invoice payment a payment of an
// invoice leaves, declined or not, where Stripe leaves them), honours idempotency keys the way Stripe does (on POST only: a GET or
// a DELETE runs afresh whatever key it carries), answers a state error as Stripe does (a second
// cancel of a subscription is a 404 resource_missing, though GET still returns it), counts the effects
// each key caused, and injects the faults a real Stripe connection has (429, 500, timeouts,
// resets, declines) so retry and idempotency paths can be tested without a network.
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";

import {
  buildSampleObjects,
  type BuildSampleObjectsOptions,
  type JsonObject,
  type JsonValue,
  type SampleObjects,
  type StripeJsonObject,
} from "../../lib/samples/sample-events";

// ---------------------------------------------------------------------------------------------
// Types

/** A form-encoded parameter after bracket notation is undone: `metadata[k]=v`, `expand[0]=…`. */
type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

interface RecordedRequest {
  /** The Request-Id sent back (req_…). */
  id: string;
  method: string;
  /** Without the query string. */
  path: string;
  query: FormObject;
  /** The parsed application/x-www-form-urlencoded body; values stay strings as on the wire. */
  body: FormObject;
  /** Query and body together (the SDK sends GET and DELETE parameters in the query). */
  params: FormObject;
  rawBody: string;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  apiKey: string | null;
  /** Date.now() when the request arrived. */
  at: number;
  /** The status sent, or null while unanswered (and for timeouts and resets). */
  status: number | null;
  /** True when an earlier response was replayed for the same idempotency key. */
  replayed: boolean;
  /** The injected fault that hit this request, if any. */
  fault: StripeFault["kind"] | null;
}

/** One state change Stripe made, with the event Stripe would send about it. */
interface StripeEffect {
  idempotencyKey: string | null;
  requestId: string;
  method: string;
  path: string;
  /** e.g. invoice.updated, invoice.paid, invoice.payment_failed, customer.subscription.deleted */
  eventType: string;
  /** The object after the change. */
  object: StripeJsonObject;
  /** Top-level fields that changed, with their values before. */
  previousAttributes: JsonObject;
  at: number;
}

/** A Stripe event envelope as JSON (what Stripe would POST to a webhook endpoint). */
type StripeEventJson = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeJsonObject; previous_attributes?: JsonObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

export type StripeFault =
  /** 429. `shouldRetry` sends `Stripe-Should-Retry: true|false`; left out, no header (Stripe's plain rate limit). */
  | { kind: "rate_limit"; shouldRetry?: boolean; code?: "rate_limit" | "lock_timeout"; retryAfterSeconds?: number }
  /**
   * 500 api_error, before the endpoint ran (nothing stored; a retry with the same key runs it).
   * `stored: true` is Stripe's other 500: saved under the idempotency key and replayed to every
   * retry, with `Stripe-Should-Retry: false`.
   */
  | { kind: "api_error"; status?: number; shouldRetry?: boolean; stored?: boolean; message?: string }
  /** Accept and never answer (until close). `afterEffect`: the change is made first, only the response is lost. */
  | { kind: "timeout"; afterEffect?: boolean }
  /** Destroy the socket. `afterEffect`: the change is made first, only the response is lost. */
  | { kind: "connection_reset"; afterEffect?: boolean }
  /** 402 card_error. On /pay it is a real declined attempt (counted, stored under the key). */
  | { kind: "card_declined"; declineCode?: string };

type RequestMatcher =
  | { method?: string; /** Exact, `:param` segments (`/v1/invoices/:id/pay`), or a RegExp. */ path?: string | RegExp }
  | ((request: RecordedRequest) => boolean);

export interface FaultHandle {
  /** Matching requests still to fail. */
  readonly remaining: number;
  /** Requests this fault hit so far. */
  readonly hits: number;
  cancel(): void;
}

interface FakeStripeStore {
  /** Stores a copy (replacing any object with that id) and returns another copy. */
  put<T extends StripeJsonObject>(object: T): T;
  /** A copy of the object, optionally only if it is of `objectType` ("invoice", …). */
  get(id: string, objectType?: string): StripeJsonObject | undefined;
  /** Deep-merges `patch` (objects merge, anything else replaces) and returns a copy. */
  update(id: string, patch: JsonObject): StripeJsonObject;
  delete(id: string): boolean;
  list(objectType?: string): StripeJsonObject[];
}

interface FakeStripeSeed {
  /** Builds invoice, customer and subscription from the recorded fixtures and stores them. */
  objects(options?: BuildSampleObjectsOptions): SampleObjects;
  /** One invoice from the fixtures, with `overrides` deep-merged; `overrides.id`/`customer` set the ids. */
  invoice(overrides?: JsonObject, options?: BuildSampleObjectsOptions): StripeJsonObject;
  customer(overrides?: JsonObject, options?: BuildSampleObjectsOptions): StripeJsonObject;
  subscription(overrides?: JsonObject, options?: BuildSampleObjectsOptions): StripeJsonObject;
}

export interface StartStripeServerOptions {
  /** Accept only this secret key. Default: any key that starts with sk_ or rk_. */
  apiKey?: string;
  /** Clock for the timestamps the server writes (paid_at, canceled_at …), in ms. Default Date.now. */
  now?: () => number;
  /** Default: any free port. */
  port?: number;
}

export interface FakeStripe {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly protocol: "http";
  /** http://127.0.0.1:PORT — the value for STRIPE_API_BASE. */
  readonly url: string;
  /** A key the server accepts. */
  readonly apiKey: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Every state change, in order. */
  readonly effectLog: StripeEffect[];
  /** State changes made under `idempotencyKey` (null: made without a key); no argument: all of them. */
  effects(idempotencyKey?: string | null): number;
  readonly store: FakeStripeStore;
  readonly seed: FakeStripeSeed;
  /** The next `times` requests that match fail with `fault`. Several faults queue in the order given. */
  failNext(matcher: RequestMatcher, fault: StripeFault, times?: number): FaultHandle;
  /**
   * The webhook event Stripe would send about `effect`, with `request.idempotency_key` set to the
   * key of the call that caused it (how the engine recognises its own changes). The object keeps
   * the shape it is stored in; `apiVersion` only labels the envelope (default: the SDK's).
   */
  eventFor(effect: StripeEffect, options?: { apiVersion?: string }): StripeEventJson;
  /** Payments for this invoice or customer (in_…/cus_…) are declined until acceptPayments. */
  declinePayments(id: string, options?: { declineCode?: string }): void;
  acceptPayments(id: string): void;
  /** An SDK client for this server: no SDK retries and a 5 s timeout unless `config` says otherwise. */
  client(config?: Stripe.StripeConfig): Stripe;
  /** Resolves with the first request (already received or still to come) that matches. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<RecordedRequest>;
  /** Stops listening and drops every connection, including requests held by a timeout fault. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Server

const DAY = 86_400;
const DEFAULT_API_KEY = "sk_test_fake_stripe_server";

interface Outcome {
  status: number;
  body: JsonObject;
  /** Save under the idempotency key: the endpoint ran (a decline, a state error), not a validation error. */
  store: boolean;
  effect?: { eventType: string; object: StripeJsonObject; previousAttributes: JsonObject };
  headers?: Record<string, string>;
}

interface SavedResponse {
  fingerprint: string;
  status: number;
  body: string;
  headers: Record<string, string>;
  requestId: string;
}

interface Context {
  record: RecordedRequest;
  params: FormObject;
  id: string;
  forceDecline: { declineCode: string } | null;
}

interface Route {
  method: string;
  pattern: RegExp;
  allowed: readonly string[];
  handle: (ctx: Context) => Outcome;
}

interface ArmedFault {
  matcher: RequestMatcher;
  fault: StripeFault;
  remaining: number;
  hits: number;
}

export async function startStripeServer(options: StartStripeServerOptions = {}): Promise<FakeStripe> {
  const now = options.now ?? Date.now;
  const nowSeconds = (): number => Math.floor(now() / 1000);
  const objects = new Map<string, StripeJsonObject>();
  const requests: RecordedRequest[] = [];
  const effectLog: StripeEffect[] = [];
  const saved = new Map<string, SavedResponse>();
  const faults: ArmedFault[] = [];
  const declines = new Map<string, string>();
  const changes = new EventEmitter();
  changes.setMaxListeners(0);

  // -- store ------------------------------------------------------------------------------------

  const store: FakeStripeStore = {
    put(object) {
      if (typeof object.id !== "string" || typeof object.object !== "string") {
        throw new Error("store.put: the object needs a string id and object");
      }
      objects.set(object.id, clone(object));
      return clone(object);
    },
    get(id, objectType) {
      const found = objects.get(id);
      if (!found || (objectType !== undefined && found.object !== objectType)) return undefined;
      return clone(found);
    },
    update(id, patch) {
      const found = objects.get(id);
      if (!found) throw new Error(`store.update: no object ${id}`);
      const merged = deepMerge(found, patch) as StripeJsonObject;
      objects.set(id, merged);
      return clone(merged);
    },
    delete(id) {
      return objects.delete(id);
    },
    list(objectType) {
      return [...objects.values()]
        .filter((o) => objectType === undefined || o.object === objectType)
        .map((o) => clone(o));
    },
  };

  const seed: FakeStripeSeed = {
    objects(opts = {}) {
      const built = buildSampleObjects(opts);
      store.put(built.customer);
      store.put(built.invoice);
      if (built.subscription) store.put(built.subscription);
      return built;
    },
    invoice(overrides = {}, opts = {}) {
      const built = buildSampleObjects({
        ...opts,
        ...(typeof overrides.id === "string" ? { invoiceId: overrides.id } : {}),
        ...(typeof overrides.customer === "string" ? { customerId: overrides.customer } : {}),
      });
      return store.put(deepMerge(built.invoice, overrides) as StripeJsonObject);
    },
    customer(overrides = {}, opts = {}) {
      const built = buildSampleObjects({
        ...opts,
        ...(typeof overrides.id === "string" ? { customerId: overrides.id } : {}),
      });
      return store.put(deepMerge(built.customer, overrides) as StripeJsonObject);
    },
    subscription(overrides = {}, opts = {}) {
      const built = buildSampleObjects({
        ...opts,
        ...(typeof overrides.id === "string" ? { subscriptionId: overrides.id } : {}),
        ...(typeof overrides.customer === "string" ? { customerId: overrides.customer } : {}),
      });
      if (!built.subscription) throw new Error("seed.subscription: options.subscriptionId must not be null");
      return store.put(deepMerge(built.subscription, overrides) as StripeJsonObject);
    },
  };

  // -- helpers for handlers -----------------------------------------------------------------------

  const find = (id: string, objectType: string, record: RecordedRequest): StripeJsonObject | Outcome => {
    const found = objects.get(id);
    if (!found || found.object !== objectType) {
      return fail(record, 404, {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "id",
        message: `No such ${objectType}: '${id}'`,
      });
    }
    return found;
  };

  const commit = (
    before: StripeJsonObject,
    after: StripeJsonObject,
    eventType: string,
    ctx: Context,
    status = 200,
    body?: JsonObject,
  ): Outcome => {
    objects.set(after.id, after);
    const previousAttributes: JsonObject = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        previousAttributes[key] = clone(before[key] ?? null);
    }
    return {
      status,
      body: body ?? expand(after, ctx.params),
      store: true,
      effect: { eventType, object: clone(after), previousAttributes },
    };
  };

  const expand = (object: StripeJsonObject, params: FormObject): JsonObject => {
    const out = clone(object);
    const paths = formList(params.expand);
    // Includable: an invoice's payments are in the answer only when expanded, as on Stripe.
    if (out.object === "invoice" && paths.some((path) => path === "payments" || path.startsWith("payments."))) {
      out.payments = invoicePayments(object.id);
    }
    for (const path of paths) expandPath(out, path.split("."), objects);
    return out;
  };

  // -- endpoints ----------------------------------------------------------------------------------

  const retrieve =
    (objectType: string) =>
    (ctx: Context): Outcome => {
      const found = find(ctx.id, objectType, ctx.record);
      if (isOutcome(found)) return found;
      return { status: 200, body: expand(found, ctx.params), store: false };
    };

  const updateInvoice = (ctx: Context): Outcome => {
    const found = find(ctx.id, "invoice", ctx.record);
    if (isOutcome(found)) return found;
    const p = ctx.params;
    const inv = clone(found);
    try {
      if (p.metadata !== undefined) inv.metadata = applyMetadata(inv.metadata, p.metadata);
      if (p.auto_advance !== undefined) inv.auto_advance = formBoolean(p.auto_advance, "auto_advance");
      if (p.due_date !== undefined) inv.due_date = formIntegerOrNull(p.due_date, "due_date");
      if (p.days_until_due !== undefined) {
        inv.due_date = nowSeconds() + formInteger(p.days_until_due, "days_until_due") * DAY;
      }
      for (const key of [
        "description",
        "footer",
        "statement_descriptor",
        "default_payment_method",
        "default_source",
        "collection_method",
      ]) {
        const value = p[key];
        if (value !== undefined) inv[key] = formStringOrNull(value, key);
      }
    } catch (error) {
      return invalidParam(ctx.record, error);
    }
    // With auto_advance off Stripe stops retrying: no next attempt is scheduled.
    if (inv.status === "open" && inv.auto_advance === false) inv.next_payment_attempt = null;
    return commit(found, inv, "invoice.updated", ctx);
  };

  const payInvoice = (ctx: Context): Outcome => {
    const found = find(ctx.id, "invoice", ctx.record);
    if (isOutcome(found)) return found;
    const p = ctx.params;
    let paidOutOfBand: boolean;
    try {
      paidOutOfBand = p.paid_out_of_band === undefined ? false : formBoolean(p.paid_out_of_band, "paid_out_of_band");
      if (p.forgive !== undefined) formBoolean(p.forgive, "forgive");
      if (p.off_session !== undefined) formBoolean(p.off_session, "off_session");
    } catch (error) {
      return invalidParam(ctx.record, error);
    }
    if (found.status === "paid") {
      return {
        ...fail(ctx.record, 400, { type: "invalid_request_error", message: "Invoice is already paid" }),
        store: true,
      };
    }
    if (found.status === "void") {
      return {
        ...fail(ctx.record, 400, {
          type: "invalid_request_error",
          message: `You cannot pay a voided invoice (${ctx.id}).`,
        }),
        store: true,
      };
    }
    const inv = clone(found);
    const at = nowSeconds();
    if (inv.status === "draft") {
      // Paying a draft finalizes it first, as Stripe does.
      inv.status = "open";
      inv.status_transitions = { ...asObject(inv.status_transitions), finalized_at: at };
    }
    const amountDue = typeof inv.amount_remaining === "number" ? inv.amount_remaining : Number(inv.amount_due ?? 0);

    if (!paidOutOfBand) {
      inv.attempt_count = Number(inv.attempt_count ?? 0) + 1;
      inv.attempted = true;
      const declineCode = ctx.forceDecline?.declineCode ?? declineCodeFor(inv, p);
      const paymentMethod = typeof p.payment_method === "string" ? p.payment_method : null;
      if (declineCode !== null) {
        const charge = recordAttempt(inv, amountDue, paymentMethod, declineCode);
        return commit(found, inv, "invoice.payment_failed", ctx, 402, cardError(ctx.record, declineCode, charge));
      }
      recordAttempt(inv, amountDue, paymentMethod, null);
    }
    inv.status = "paid";
    inv.amount_paid = Number(inv.amount_paid ?? 0) + amountDue;
    inv.amount_remaining = 0;
    inv.next_payment_attempt = null;
    inv.auto_advance = false;
    inv.status_transitions = { ...asObject(inv.status_transitions), paid_at: at };
    if ("paid" in inv) inv.paid = true;
    if ("paid_out_of_band" in inv) inv.paid_out_of_band = paidOutOfBand;
    return commit(found, inv, "invoice.paid", ctx);
  };

  const declineCodeFor = (inv: StripeJsonObject, p: FormObject): string | null => {
    const byInvoice = declines.get(inv.id);
    if (byInvoice !== undefined) return byInvoice;
    const customerId =
      typeof inv.customer === "string" ? inv.customer : isObject(inv.customer) ? String(inv.customer.id) : "";
    const byCustomer = declines.get(customerId);
    if (byCustomer !== undefined) return byCustomer;
    // Stripe's test payment methods decline the same way here.
    const customer = objects.get(customerId);
    const settings = customer && isObject(customer.invoice_settings) ? customer.invoice_settings : {};
    for (const pm of [p.payment_method, inv.default_payment_method, settings.default_payment_method]) {
      if (typeof pm === "string" && TEST_DECLINES[pm] !== undefined) return TEST_DECLINES[pm];
    }
    return null;
  };

  const cardError = (record: RecordedRequest, declineCode: string, charge?: string): JsonObject =>
    errorBody(record, { ...declineError(declineCode), ...(charge !== undefined ? { charge } : {}) });

  // -- what a payment attempt leaves ------------------------------------------------------------
  // An invoice's first attempt creates its PaymentIntent, listed in the invoice's payments (an
  // invoice_payment, is_default); every attempt makes a charge on it. A declined attempt leaves
  // the error on the PaymentIntent (last_payment_error) and on its charge (failure_code, outcome);
  // a later success clears it. Invoices stored in a pre-basil shape name both (payment_intent, charge).

  /** The invoice's default PaymentIntent, by its invoice payment; null before the first attempt. */
  const defaultPaymentIntent = (invoiceId: string): StripeJsonObject | null => {
    for (const item of objects.values()) {
      if (item.object !== "invoice_payment" || item.invoice !== invoiceId || item.is_default !== true) continue;
      const id = asObject(item.payment).payment_intent;
      const intent = typeof id === "string" ? objects.get(id) : undefined;
      if (intent) return intent;
    }
    return null;
  };

  /** Records one attempt to pay `inv` (changed in place); returns the charge's id. */
  const recordAttempt = (
    inv: StripeJsonObject,
    amount: number,
    paymentMethod: string | null,
    declineCode: string | null,
  ): string => {
    const at = nowSeconds();
    const customer = typeof inv.customer === "string" ? inv.customer : isObject(inv.customer) ? inv.customer.id : null;
    let intent = defaultPaymentIntent(inv.id);
    if (!intent) {
      intent = {
        id: randomId("pi"),
        object: "payment_intent",
        amount,
        amount_capturable: 0,
        amount_received: 0,
        capture_method: "automatic",
        confirmation_method: "automatic",
        created: at,
        currency: inv.currency ?? "usd",
        customer: customer ?? null,
        description: null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: {},
        payment_method: null,
        payment_method_types: ["card"],
        status: "requires_payment_method",
      };
      const payment: StripeJsonObject = {
        id: randomId("inpay"),
        object: "invoice_payment",
        amount_paid: null,
        amount_requested: amount,
        created: at,
        currency: inv.currency ?? "usd",
        invoice: inv.id,
        is_default: true,
        livemode: false,
        payment: { type: "payment_intent", payment_intent: intent.id },
        status: "open",
        status_transitions: { canceled_at: null, paid_at: null },
      };
      objects.set(payment.id, payment);
    }
    const error = declineCode === null ? null : declineError(declineCode);
    const charge: StripeJsonObject = {
      id: randomId("ch"),
      object: "charge",
      amount,
      amount_captured: declineCode === null ? amount : 0,
      amount_refunded: 0,
      captured: declineCode === null,
      created: at,
      currency: inv.currency ?? "usd",
      customer: customer ?? null,
      failure_code: error?.code ?? null,
      failure_message: error?.message ?? null,
      livemode: false,
      metadata: {},
      outcome:
        declineCode === null
          ? {
              advice_code: null,
              network_advice_code: null,
              network_decline_code: null,
              network_status: "approved_by_network",
              reason: null,
              risk_level: "normal",
              seller_message: "Payment complete.",
              type: "authorized",
            }
          : {
              advice_code: null,
              network_advice_code: null,
              network_decline_code: null,
              network_status: "declined_by_network",
              reason: declineCode,
              risk_level: "normal",
              seller_message: `The bank returned the decline code \`${declineCode}\`.`,
              type: "issuer_declined",
            },
      paid: declineCode === null,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      refunded: false,
      status: declineCode === null ? "succeeded" : "failed",
    };
    objects.set(charge.id, charge);
    objects.set(intent.id, {
      ...intent,
      latest_charge: charge.id,
      payment_method: paymentMethod,
      // Stripe clears the error when the PaymentIntent changes again (here: a successful attempt).
      last_payment_error: error
        ? {
            type: "card_error",
            code: error.code,
            decline_code: error.decline_code,
            doc_url: `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, "-")}`,
            message: error.message,
            charge: charge.id,
          }
        : null,
      status: declineCode === null ? "succeeded" : "requires_payment_method",
      amount_received: declineCode === null ? amount : 0,
    });
    if (declineCode === null) {
      for (const item of objects.values()) {
        if (item.object === "invoice_payment" && item.invoice === inv.id && item.is_default === true) {
          objects.set(item.id, {
            ...item,
            amount_paid: amount,
            status: "paid",
            status_transitions: { ...asObject(item.status_transitions), paid_at: at },
          });
        }
      }
    }
    // Before basil the invoice named both; basil and later name neither (they list payments).
    if ("payment_intent" in inv) inv.payment_intent = intent.id;
    if ("charge" in inv) inv.charge = charge.id;
    return charge.id;
  };

  /** An invoice's payments as Stripe includes them when expanded (newest first). */
  const invoicePayments = (invoiceId: string): JsonObject => {
    const data = [...objects.values()]
      .filter((item) => item.object === "invoice_payment" && item.invoice === invoiceId)
      .reverse()
      .sort((a, b) => Number(b.created ?? 0) - Number(a.created ?? 0))
      .map((item) => clone(item));
    return { object: "list", data, has_more: false, url: `/v1/invoices/${invoiceId}/payments` };
  };

  const markUncollectible = (ctx: Context): Outcome => {
    const found = find(ctx.id, "invoice", ctx.record);
    if (isOutcome(found)) return found;
    if (found.status !== "open") {
      return {
        ...fail(ctx.record, 400, {
          type: "invalid_request_error",
          message: `You can only mark an open invoice as uncollectible; ${ctx.id} is ${String(found.status)}.`,
        }),
        store: true,
      };
    }
    const inv = clone(found);
    inv.status = "uncollectible";
    inv.next_payment_attempt = null;
    inv.status_transitions = { ...asObject(inv.status_transitions), marked_uncollectible_at: nowSeconds() };
    return commit(found, inv, "invoice.marked_uncollectible", ctx);
  };

  const voidInvoice = (ctx: Context): Outcome => {
    const found = find(ctx.id, "invoice", ctx.record);
    if (isOutcome(found)) return found;
    if (found.status !== "open" && found.status !== "uncollectible") {
      return {
        ...fail(ctx.record, 400, {
          type: "invalid_request_error",
          message: `You can only void an open or uncollectible invoice; ${ctx.id} is ${String(found.status)}.`,
        }),
        store: true,
      };
    }
    const inv = clone(found);
    inv.status = "void";
    inv.next_payment_attempt = null;
    inv.status_transitions = { ...asObject(inv.status_transitions), voided_at: nowSeconds() };
    return commit(found, inv, "invoice.voided", ctx);
  };

  const updateSubscription = (ctx: Context): Outcome => {
    const found = find(ctx.id, "subscription", ctx.record);
    if (isOutcome(found)) return found;
    const p = ctx.params;
    if (found.status === "canceled") {
      const other = Object.keys(p).filter((k) => k !== "metadata" && k !== "cancellation_details" && k !== "expand");
      if (other.length > 0) {
        return {
          ...fail(ctx.record, 400, {
            type: "invalid_request_error",
            message: "A canceled subscription can only update its cancellation_details and metadata.",
          }),
          store: true,
        };
      }
    }
    if (found.status === "incomplete" || found.status === "incomplete_expired") {
      // Until its first invoice is paid, Stripe lets a subscription change only these.
      const other = Object.keys(p).filter((k) => !["metadata", "default_source", "expand"].includes(k));
      if (other.length > 0) {
        return {
          ...fail(ctx.record, 400, {
            type: "invalid_request_error",
            param: other[0],
            message: `A subscription with status ${String(found.status)} can only update its metadata and default_source; ${other.join(", ")} cannot be updated until its first invoice is paid.`,
          }),
          store: true,
        };
      }
    }
    const sub = clone(found);
    try {
      if (p.metadata !== undefined) sub.metadata = applyMetadata(sub.metadata, p.metadata);
      if (p.pause_collection !== undefined) sub.pause_collection = pauseCollection(p.pause_collection);
      if (p.cancel_at_period_end !== undefined)
        sub.cancel_at_period_end = formBoolean(p.cancel_at_period_end, "cancel_at_period_end");
      if (p.cancel_at !== undefined) sub.cancel_at = formIntegerOrNull(p.cancel_at, "cancel_at");
      if (p.days_until_due !== undefined) sub.days_until_due = formIntegerOrNull(p.days_until_due, "days_until_due");
      for (const key of ["collection_method", "default_payment_method", "default_source", "description"]) {
        const value = p[key];
        if (value !== undefined) sub[key] = formStringOrNull(value, key);
      }
      if (p.cancellation_details !== undefined) {
        sub.cancellation_details = {
          ...cancellationDetails(sub),
          ...formStrings(p.cancellation_details, "cancellation_details"),
        };
      }
    } catch (error) {
      return invalidParam(ctx.record, error);
    }
    return commit(found, sub, "customer.subscription.updated", ctx);
  };

  const cancelSubscription = (ctx: Context): Outcome => {
    const found = find(ctx.id, "subscription", ctx.record);
    if (isOutcome(found)) return found;
    // Stripe treats a canceled subscription as deleted for DELETE (GET still returns it):
    // https://github.com/stripe/stripe-go/issues/1887 — "akin to being deleted already".
    if (found.status === "canceled" || found.status === "incomplete_expired") {
      return fail(ctx.record, 404, {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "id",
        message: `No such subscription: '${ctx.id}'`,
      });
    }
    const sub = clone(found);
    let details: Record<string, string | null>;
    try {
      if (ctx.params.invoice_now !== undefined) formBoolean(ctx.params.invoice_now, "invoice_now");
      if (ctx.params.prorate !== undefined) formBoolean(ctx.params.prorate, "prorate");
      details =
        ctx.params.cancellation_details === undefined
          ? {}
          : formStrings(ctx.params.cancellation_details, "cancellation_details");
    } catch (error) {
      return invalidParam(ctx.record, error);
    }
    const at = nowSeconds();
    sub.status = "canceled";
    sub.canceled_at = at;
    sub.ended_at = at;
    sub.cancel_at_period_end = false;
    sub.cancellation_details = { ...cancellationDetails(sub), ...details, reason: "cancellation_requested" };
    return commit(found, sub, "customer.subscription.deleted", ctx);
  };

  const routes: Route[] = [
    { method: "GET", pattern: /^\/v1\/invoices\/([^/]+)$/, allowed: ["expand"], handle: retrieve("invoice") },
    { method: "POST", pattern: /^\/v1\/invoices\/([^/]+)$/, allowed: INVOICE_UPDATE_PARAMS, handle: updateInvoice },
    { method: "POST", pattern: /^\/v1\/invoices\/([^/]+)\/pay$/, allowed: INVOICE_PAY_PARAMS, handle: payInvoice },
    {
      method: "POST",
      pattern: /^\/v1\/invoices\/([^/]+)\/mark_uncollectible$/,
      allowed: ["expand"],
      handle: markUncollectible,
    },
    { method: "POST", pattern: /^\/v1\/invoices\/([^/]+)\/void$/, allowed: ["expand"], handle: voidInvoice },
    { method: "GET", pattern: /^\/v1\/customers\/([^/]+)$/, allowed: ["expand"], handle: retrieve("customer") },
    { method: "GET", pattern: /^\/v1\/subscriptions\/([^/]+)$/, allowed: ["expand"], handle: retrieve("subscription") },
    {
      method: "GET",
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      allowed: ["expand", "client_secret"],
      handle: retrieve("payment_intent"),
    },
    { method: "GET", pattern: /^\/v1\/charges\/([^/]+)$/, allowed: ["expand"], handle: retrieve("charge") },
    {
      method: "GET",
      pattern: /^\/v1\/invoice_payments\/([^/]+)$/,
      allowed: ["expand"],
      handle: retrieve("invoice_payment"),
    },
    {
      method: "POST",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      allowed: SUBSCRIPTION_UPDATE_PARAMS,
      handle: updateSubscription,
    },
    {
      method: "DELETE",
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      allowed: SUBSCRIPTION_CANCEL_PARAMS,
      handle: cancelSubscription,
    },
  ];

  // -- request pipeline -------------------------------------------------------------------------

  const takeFault = (record: RecordedRequest): StripeFault | null => {
    const armed = faults.find((f) => f.remaining > 0 && matches(f.matcher, record));
    if (!armed) return null;
    armed.remaining -= 1;
    armed.hits += 1;
    return armed.fault;
  };

  const send = (
    res: http.ServerResponse,
    record: RecordedRequest,
    status: number,
    body: string,
    headers: Record<string, string>,
  ) => {
    record.status = status;
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      "Request-Id": record.id,
      "Stripe-Version": record.stripeVersion ?? Stripe.API_VERSION,
      ...(record.idempotencyKey !== null ? { "Idempotency-Key": record.idempotencyKey } : {}),
      ...headers,
    });
    res.end(body);
    changes.emit("change");
  };

  const run = (
    record: RecordedRequest,
    forceDecline: Context["forceDecline"],
  ): { status: number; body: string; headers: Record<string, string> } => {
    const route = routes.find((r) => r.method === record.method && r.pattern.test(record.path));
    if (!route) {
      const known = routes.some((r) => r.pattern.test(record.path));
      const outcome = fail(record, 404, {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${record.method}: ${record.path}).${known ? "" : " This fake Stripe serves invoices, customers, subscriptions, and the payment intents, charges and invoice payments of invoices only."}`,
      });
      return { status: outcome.status, body: json(outcome.body), headers: {} };
    }
    const unknown = Object.keys(record.params).find((k) => !route.allowed.includes(k));
    if (unknown !== undefined) {
      const outcome = fail(record, 400, {
        type: "invalid_request_error",
        code: "parameter_unknown",
        param: unknown,
        message: `Received unknown parameter: ${unknown}`,
      });
      return { status: outcome.status, body: json(outcome.body), headers: {} };
    }
    const id = decodeURIComponent(route.pattern.exec(record.path)?.[1] ?? "");
    const outcome = route.handle({ record, params: record.params, id, forceDecline });
    const headers: Record<string, string> = { ...outcome.headers };
    // Stripe tells clients outright that repeating a decline or a client error cannot help.
    if (outcome.status >= 400 && outcome.status < 500) headers["Stripe-Should-Retry"] = "false";
    const body = json(outcome.body);
    const mutating = record.method === "POST" || record.method === "DELETE";
    // Stripe honours idempotency keys on POST only; GET and DELETE ignore them.
    const keyed = record.method === "POST" && record.idempotencyKey !== null;
    if (outcome.effect && mutating) {
      effectLog.push({
        idempotencyKey: record.idempotencyKey,
        requestId: record.id,
        method: record.method,
        path: record.path,
        eventType: outcome.effect.eventType,
        object: outcome.effect.object,
        previousAttributes: outcome.effect.previousAttributes,
        at: now(),
      });
    }
    if (keyed && record.idempotencyKey !== null && outcome.store) {
      saved.set(record.idempotencyKey, {
        fingerprint: fingerprint(record),
        status: outcome.status,
        body,
        headers,
        requestId: record.id,
      });
    }
    return { status: outcome.status, body, headers };
  };

  /** Stripe's idempotency layer in front of the endpoint (POST only): replay, refuse a reused key, or run it. */
  const runIdempotent = (record: RecordedRequest, forceDecline: Context["forceDecline"]) => {
    const key = record.idempotencyKey;
    if (record.method === "POST" && key !== null) {
      const previous = saved.get(key);
      if (previous) {
        if (previous.fingerprint !== fingerprint(record)) {
          const outcome = fail(record, 400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          });
          return { status: outcome.status, body: json(outcome.body), headers: {} };
        }
        record.replayed = true;
        return {
          status: previous.status,
          body: previous.body,
          headers: { ...previous.headers, "Idempotent-Replayed": "true", "Original-Request": previous.requestId },
        };
      }
    }
    return run(record, forceDecline);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, rawBody: string) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = parseForm(url.search.slice(1));
    const isForm = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded") || rawBody === "";
    const body = isForm ? parseForm(rawBody) : {};
    const auth = firstHeader(req.headers.authorization);
    const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
    const record: RecordedRequest = {
      id: randomId("req"),
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query,
      body,
      params: { ...query, ...body },
      rawBody,
      idempotencyKey: firstHeader(req.headers["idempotency-key"]) ?? null,
      stripeVersion: firstHeader(req.headers["stripe-version"]) ?? null,
      apiKey: bearer,
      at: now(),
      status: null,
      replayed: false,
      fault: null,
    };
    requests.push(record);
    changes.emit("change");

    const keyOk =
      bearer !== null && (options.apiKey !== undefined ? bearer === options.apiKey : /^(sk|rk)_/.test(bearer));
    if (!keyOk) {
      const message =
        bearer === null
          ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
          : `Invalid API Key provided: ${bearer.slice(0, 8)}${"*".repeat(Math.max(0, bearer.length - 12))}${bearer.slice(-4)}`;
      send(res, record, 401, json(errorBody(record, { type: "invalid_request_error", message })), {});
      return;
    }
    if (!isForm) {
      const message = `Invalid request: the body must be application/x-www-form-urlencoded (got ${String(req.headers["content-type"])}).`;
      send(res, record, 400, json(errorBody(record, { type: "invalid_request_error", message })), {});
      return;
    }

    const fault = takeFault(record);
    record.fault = fault?.kind ?? null;
    if (fault === null || fault.kind === "card_declined") {
      const forceDecline =
        fault?.kind === "card_declined" ? { declineCode: fault.declineCode ?? "generic_decline" } : null;
      const isPay = /^\/v1\/invoices\/[^/]+\/pay$/.test(record.path) && record.method === "POST";
      if (forceDecline && !isPay) {
        send(res, record, 402, json(cardError(record, forceDecline.declineCode)), { "Stripe-Should-Retry": "false" });
        return;
      }
      const result = runIdempotent(record, forceDecline);
      send(res, record, result.status, result.body, result.headers);
      return;
    }
    switch (fault.kind) {
      case "rate_limit": {
        const code = fault.code ?? "rate_limit";
        const message =
          code === "lock_timeout"
            ? "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request."
            : "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.";
        const headers: Record<string, string> = {};
        if (fault.shouldRetry !== undefined) headers["Stripe-Should-Retry"] = String(fault.shouldRetry);
        if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
        send(res, record, 429, json(errorBody(record, { type: "invalid_request_error", code, message })), headers);
        return;
      }
      case "api_error": {
        const status = fault.status ?? 500;
        const body = json(
          errorBody(record, { type: "api_error", message: fault.message ?? "An unknown error occurred" }),
        );
        const headers: Record<string, string> = {};
        if (fault.stored) {
          headers["Stripe-Should-Retry"] = "false";
          const key = record.idempotencyKey;
          if (key !== null && record.method === "POST" && !saved.has(key)) {
            saved.set(key, { fingerprint: fingerprint(record), status, body, headers, requestId: record.id });
          }
        } else if (fault.shouldRetry !== undefined) {
          headers["Stripe-Should-Retry"] = String(fault.shouldRetry);
        }
        send(res, record, status, body, headers);
        return;
      }
      case "timeout":
        // The request stays open until the client gives up or the server closes.
        if (fault.afterEffect) runIdempotent(record, null);
        changes.emit("change");
        return;
      case "connection_reset":
        if (fault.afterEffect) runIdempotent(record, null);
        req.socket.destroy();
        changes.emit("change");
        return;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString("utf8"));
      } catch (error) {
        // A bug in the fake itself: answer like Stripe's own 500 so the test sees it, and say why.
        const message = `fake Stripe server error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        if (!res.headersSent) {
          res.writeHead(500, { "Content-Type": "application/json" });
          res.end(json({ error: { type: "api_error", message } }));
        }
      }
    });
    req.on("error", () => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  let closed: Promise<void> | null = null;

  return {
    host: "127.0.0.1",
    port,
    protocol: "http",
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    effectLog,
    effects(idempotencyKey) {
      if (idempotencyKey === undefined) return effectLog.length;
      return effectLog.filter((e) => e.idempotencyKey === idempotencyKey).length;
    },
    store,
    seed,
    failNext(matcher, fault, times = 1) {
      if (!Number.isInteger(times) || times < 1)
        throw new Error(`failNext: times must be a positive integer, got ${times}`);
      const armed: ArmedFault = { matcher, fault, remaining: times, hits: 0 };
      faults.push(armed);
      return {
        get remaining() {
          return armed.remaining;
        },
        get hits() {
          return armed.hits;
        },
        cancel() {
          armed.remaining = 0;
        },
      };
    },
    eventFor(effect, opts = {}) {
      const data: StripeEventJson["data"] = { object: clone(effect.object) };
      // Stripe sends previous_attributes with *.updated events only.
      if (effect.eventType.endsWith(".updated")) data.previous_attributes = clone(effect.previousAttributes);
      return {
        id: randomId("evt"),
        object: "event",
        api_version: opts.apiVersion ?? Stripe.API_VERSION,
        created: Math.floor(effect.at / 1000),
        data,
        livemode: false,
        pending_webhooks: 1,
        request: { id: effect.requestId, idempotency_key: effect.idempotencyKey },
        type: effect.eventType,
      };
    },
    declinePayments(id, opts = {}) {
      declines.set(id, opts.declineCode ?? "generic_decline");
    },
    acceptPayments(id) {
      declines.delete(id);
    },
    client(config = {}) {
      return new Stripe(apiKey, {
        host: "127.0.0.1",
        port,
        protocol: "http",
        maxNetworkRetries: 0,
        timeout: 5_000,
        ...config,
      });
    },
    waitForRequest(predicate, { timeoutMs = 5_000 } = {}) {
      return new Promise<RecordedRequest>((resolve, reject) => {
        const check = (): boolean => {
          const hit = requests.find(predicate);
          if (!hit) return false;
          cleanup();
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = requests.map((r) => `${r.method} ${r.path} → ${r.status ?? "no answer"}`).join("; ") || "none";
          reject(new Error(`fake Stripe: no matching request within ${timeoutMs} ms (requests so far: ${seen})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          changes.off("change", check);
        };
        if (!check()) changes.on("change", check);
      });
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters Stripe accepts on each endpoint (anything else is a 400 parameter_unknown, as on Stripe)

const INVOICE_UPDATE_PARAMS = [
  "expand",
  "metadata",
  "auto_advance",
  "description",
  "due_date",
  "days_until_due",
  "footer",
  "collection_method",
  "default_payment_method",
  "default_source",
  "statement_descriptor",
  "custom_fields",
  "payment_settings",
  "rendering",
  "automatic_tax",
  "account_tax_ids",
  "on_behalf_of",
  "default_tax_rates",
  "discounts",
  "shipping_cost",
  "shipping_details",
  "transfer_data",
  "application_fee_amount",
  "automatically_finalizes_at",
  "effective_at",
  "issuer",
  "number",
] as const satisfies readonly string[];

const INVOICE_PAY_PARAMS = [
  "expand",
  "forgive",
  "mandate",
  "off_session",
  "paid_out_of_band",
  "payment_method",
  "source",
] as const;

const SUBSCRIPTION_UPDATE_PARAMS = [
  "expand",
  "metadata",
  "pause_collection",
  "cancel_at_period_end",
  "cancel_at",
  "cancellation_details",
  "collection_method",
  "days_until_due",
  "default_payment_method",
  "default_source",
  "description",
  "proration_behavior",
  "proration_date",
  "payment_behavior",
  "items",
  "trial_end",
  "trial_from_plan",
  "trial_settings",
  "billing_cycle_anchor",
  "off_session",
  "default_tax_rates",
  "discounts",
  "invoice_settings",
  "payment_settings",
  "pending_invoice_item_interval",
  "transfer_data",
  "on_behalf_of",
  "application_fee_percent",
  "automatic_tax",
  "billing_thresholds",
  "add_invoice_items",
] as const;

const SUBSCRIPTION_CANCEL_PARAMS = ["expand", "cancellation_details", "invoice_now", "prorate"] as const;

/** Stripe's test payment methods that decline, with their decline codes. */
const TEST_DECLINES: Record<string, string | undefined> = {
  pm_card_chargeDeclined: "generic_decline",
  pm_card_visa_chargeDeclined: "generic_decline",
  pm_card_chargeDeclinedInsufficientFunds: "insufficient_funds",
  pm_card_visa_chargeDeclinedInsufficientFunds: "insufficient_funds",
  pm_card_chargeDeclinedLostCard: "lost_card",
  pm_card_chargeDeclinedStolenCard: "stolen_card",
  pm_card_chargeDeclinedExpiredCard: "expired_card",
};

const DECLINE_MESSAGES: Record<string, string | undefined> = {
  insufficient_funds: "Your card has insufficient funds.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: "Your card number is incorrect.",
  processing_error: "An error occurred while processing your card. Try again in a little bit.",
};

/** Declines Stripe reports under an error code of their own (its test cards: 4000000000000069 …), not card_declined. */
const OWN_ERROR_CODES = new Set(["expired_card", "incorrect_cvc", "incorrect_number", "processing_error"]);

/** The card error Stripe answers (and leaves as the PaymentIntent's last_payment_error) for a decline code. */
function declineError(declineCode: string): ErrorFields & { code: string; decline_code: string } {
  return {
    type: "card_error",
    code: OWN_ERROR_CODES.has(declineCode) ? declineCode : "card_declined",
    decline_code: declineCode,
    message: DECLINE_MESSAGES[declineCode] ?? "Your card was declined.",
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Parses application/x-www-form-urlencoded with Stripe's bracket notation (a[b]=1, a[]=x, a[0]=x). */
export function parseForm(input: string): FormObject {
  const root: FormObject = {};
  if (input === "") return root;
  for (const pair of input.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const key = decodeFormComponent(rawKey);
    const value = decodeFormComponent(rawValue);
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) {
      root[key] = value;
      continue;
    }
    const segments = [match[1] ?? key, ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "")];
    assign(root, segments, value);
  }
  return root;
}

function assign(root: FormObject, segments: string[], value: string): void {
  let container: FormObject | FormValue[] = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    const last = i === segments.length - 1;
    const next = segments[i + 1];
    // metadata keys are free text, so "metadata[0]" is a key, never an index.
    const parentIsMetadata = i > 0 && segments[i - 1] === "metadata";
    const nextIsIndex = next !== undefined && (next === "" || /^\d+$/.test(next)) && segment !== "metadata";
    if (Array.isArray(container)) {
      const index: number = segment === "" ? container.length : Number(segment);
      if (last) {
        container[index] = value;
        return;
      }
      let child: FormValue | undefined = container[index];
      if (child === undefined || typeof child === "string") {
        child = nextIsIndex ? [] : {};
        container[index] = child;
      }
      container = child;
    } else {
      if (last) {
        container[segment] = value;
        return;
      }
      let child: FormValue | undefined = container[segment];
      if (child === undefined || typeof child === "string") {
        child = nextIsIndex && !parentIsMetadata ? [] : {};
        container[segment] = child;
      }
      container = child;
    }
  }
}

function decodeFormComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function fingerprint(record: RecordedRequest): string {
  return `${record.method} ${record.path} ${canonical(record.params)}`;
}

function canonical(value: FormValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? "")}`)
    .join(",")}}`;
}

function matches(matcher: RequestMatcher, record: RecordedRequest): boolean {
  if (typeof matcher === "function") return matcher(record);
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== record.method) return false;
  if (matcher.path === undefined) return true;
  if (matcher.path instanceof RegExp) return matcher.path.test(record.path);
  const want = matcher.path.split("/");
  const got = record.path.split("/");
  return (
    want.length === got.length &&
    want.every((segment, i) => (segment.startsWith(":") ? (got[i] ?? "") !== "" : segment === got[i]))
  );
}

class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
    readonly code = "parameter_invalid",
  ) {
    super(message);
  }
}

function formString(value: FormValue, param: string): string {
  if (typeof value !== "string") throw new ParamError(param, `Invalid ${param}: must be a string`);
  return value;
}

function formStringOrNull(value: FormValue, param: string): string | null {
  const s = formString(value, param);
  return s === "" ? null : s;
}

function formBoolean(value: FormValue, param: string): boolean {
  const s = formString(value, param);
  if (s === "true") return true;
  if (s === "false") return false;
  throw new ParamError(param, `Invalid boolean: ${s}`, "parameter_invalid_boolean");
}

function formInteger(value: FormValue, param: string): number {
  const s = formString(value, param);
  if (!/^-?\d+$/.test(s)) throw new ParamError(param, `Invalid integer: ${s}`, "parameter_invalid_integer");
  return Number(s);
}

function formIntegerOrNull(value: FormValue, param: string): number | null {
  return value === "" ? null : formInteger(value, param);
}

function formStrings(value: FormValue, param: string): Record<string, string | null> {
  if (typeof value === "string" || Array.isArray(value)) {
    if (value === "") return {};
    throw new ParamError(param, `Invalid ${param}: must be a hash`);
  }
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(value)) out[k] = formStringOrNull(v, `${param}[${k}]`);
  return out;
}

function formList(value: FormValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  return (Array.isArray(value) ? value : Object.values(value)).filter((v): v is string => typeof v === "string");
}

/** Stripe's metadata update: keys merge, "" removes a key, metadata="" clears all. */
function applyMetadata(current: JsonValue | undefined, update: FormValue): JsonObject {
  if (update === "") return {};
  if (typeof update === "string" || Array.isArray(update))
    throw new ParamError("metadata", "Invalid metadata: must be a hash");
  const out: JsonObject = isObject(current) ? { ...current } : {};
  for (const [k, v] of Object.entries(update)) {
    const s = formString(v, `metadata[${k}]`);
    if (s === "") delete out[k];
    else out[k] = s;
  }
  return out;
}

const PAUSE_BEHAVIORS = ["keep_as_draft", "mark_uncollectible", "void"];

function pauseCollection(value: FormValue): JsonObject | null {
  if (value === "") return null;
  if (typeof value === "string" || Array.isArray(value))
    throw new ParamError("pause_collection", "Invalid pause_collection: must be a hash");
  const behavior = value.behavior;
  if (typeof behavior !== "string" || !PAUSE_BEHAVIORS.includes(behavior)) {
    throw new ParamError(
      "pause_collection[behavior]",
      `Invalid pause_collection[behavior]: must be one of ${PAUSE_BEHAVIORS.join(", ")}`,
      behavior === undefined ? "parameter_missing" : "parameter_invalid",
    );
  }
  const resumesAt =
    value.resumes_at === undefined ? null : formIntegerOrNull(value.resumes_at, "pause_collection[resumes_at]");
  return { behavior, resumes_at: resumesAt };
}

function cancellationDetails(sub: JsonObject): JsonObject {
  return isObject(sub.cancellation_details)
    ? sub.cancellation_details
    : { comment: null, feedback: null, reason: null };
}

function expandPath(target: JsonObject, path: string[], objects: Map<string, StripeJsonObject>): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const value = target[head];
  if (rest.length === 0) {
    if (typeof value === "string") {
      const found = objects.get(value);
      if (found) target[head] = clone(found);
    }
    return;
  }
  if (isObject(value)) {
    expandPath(value, rest, objects);
  } else if (Array.isArray(value) && rest.length > 0) {
    // `lines.data.price`: "data" walks into each element of a list.
    for (const element of value) if (isObject(element)) expandPath(element, rest, objects);
  }
}

interface ErrorFields {
  type: string;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  /** For card errors, the failed charge. */
  charge?: string;
}

function errorBody(record: RecordedRequest, fields: ErrorFields): JsonObject {
  const error: JsonObject = {};
  if (fields.charge !== undefined) error.charge = fields.charge;
  if (fields.code !== undefined) error.code = fields.code;
  if (fields.decline_code !== undefined) error.decline_code = fields.decline_code;
  if (fields.code !== undefined)
    error.doc_url = `https://stripe.com/docs/error-codes/${fields.code.replace(/_/g, "-")}`;
  error.message = fields.message;
  if (fields.param !== undefined) error.param = fields.param;
  error.request_log_url = `https://dashboard.stripe.com/test/logs/${record.id}?t=${Math.floor(record.at / 1000)}`;
  error.type = fields.type;
  return { error };
}

function fail(record: RecordedRequest, status: number, fields: ErrorFields): Outcome {
  return { status, body: errorBody(record, fields), store: false };
}

function invalidParam(record: RecordedRequest, error: unknown): Outcome {
  if (error instanceof ParamError) {
    return fail(record, 400, {
      type: "invalid_request_error",
      code: error.code,
      param: error.param,
      message: error.message,
    });
  }
  throw error;
}

function isOutcome(value: StripeJsonObject | Outcome): value is Outcome {
  return "status" in value && "store" in value && typeof value.store === "boolean";
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function json(value: JsonValue): string {
  // Stripe pretty-prints its responses.
  return JSON.stringify(value, null, 2);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isObject(value) ? value : {};
}

function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** Objects merge key by key; arrays, primitives and null replace; undefined keys are skipped. */
function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = clone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : clone(value);
  }
  return out;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomId(prefix: string): string {
  let out = "";
  for (const byte of randomBytes(14)) out += BASE62[byte % 62];
  return `${prefix}_${out}`;
}

/** Refuses requests beyond `ratePerSecond` with 429, as Stripe does: a token bucket of that size. */
export function enforceRateLimit(stripe: FakeStripe, ratePerSecond: number): FaultHandle {
  let tokens = ratePerSecond;
  let last = Date.now();
  return stripe.failNext(
    () => {
      const now = Date.now();
      tokens = Math.min(ratePerSecond, tokens + ((now - last) / 1000) * ratePerSecond);
      last = now;
      if (tokens < 1) return true;
      tokens -= 1;
      return false;
    },
    { kind: "rate_limit" },
    Number.MAX_SAFE_INTEGER,
  );
}
