// The one guarded place simulations act through. A backtest only reads (GETs through the rate
// limiter); a timeline acts on an invoice held in memory. Neither can write to Stripe, send mail or
// make an HTTP request: the gateways here have no client to write with, and the services record.
import type { EmailService, HttpService, WebhookService } from "@/lib/steps/definition";
import {
  describeWrite,
  newGatewayStats,
  type StripeGateway,
  type StripeInvoiceLike,
  type WriteMethod,
  type WriteResult,
} from "@/lib/stripe/gateway";
import { describeUrl, signDelivery, webhookEventIdFor } from "@/lib/webhooks-out/send-webhook";

/** Refused, loudly: a simulation that reached a write is a bug, and must never reach Stripe. */
export class SandboxWriteError extends Error {
  constructor(method: string) {
    super(`${method}: a simulation never writes to Stripe`);
    this.name = "SandboxWriteError";
  }
}

/** Reads pass through (GETs, rate limited); every write is refused. */
export function readOnlyGateway(gateway: StripeGateway): StripeGateway {
  const refuse = (method: WriteMethod) => () => Promise.reject(new SandboxWriteError(method));
  return {
    mode: gateway.mode,
    stats: () => gateway.stats(),
    retrieveInvoice: (id, options) => gateway.retrieveInvoice(id, options),
    retrieveCustomer: (id) => gateway.retrieveCustomer(id),
    retrieveSubscription: (id) => gateway.retrieveSubscription(id),
    updateInvoice: refuse("updateInvoice"),
    payInvoice: refuse("payInvoice"),
    markInvoiceUncollectible: refuse("markInvoiceUncollectible"),
    updateSubscription: refuse("updateSubscription"),
    cancelSubscription: refuse("cancelSubscription"),
  };
}

/** What the customer does when the engine retries the payment: pay at this attempt, or never (null). */
export interface AssumedOutcome {
  paysAtAttempt: number | null;
}

/** The invoice (and its subscription) as the virtual run changes them. */
export interface SandboxState {
  invoice: StripeInvoiceLike;
  subscriptionStatus: string;
  paymentAttempts: number;
}

/**
 * A Stripe that holds one invoice in memory and answers as Stripe would to what the actions ask:
 * each write is described ("would POST /v1/…", as dry-run describes it) and applied to the held
 * invoice, so the next step sees the state the last one left; a payment attempt succeeds or is
 * declined as the assumed outcome says. It never reaches Stripe.
 */
export function virtualGateway(state: SandboxState, outcome: AssumedOutcome, now: () => Date): StripeGateway {
  const unix = () => Math.floor(now().getTime() / 1000);
  const described = <T>(
    method: WriteMethod,
    id: string,
    params: Record<string, unknown>,
    key: string,
  ): WriteResult<T> => ({
    sent: false,
    wouldSend: describeWrite(method, id),
    params,
    idempotencyKey: key,
  });
  const invoice = () => structuredClone(state.invoice);
  return {
    mode: "dry-run",
    stats: newGatewayStats,
    retrieveInvoice: (id) => Promise.resolve(id === state.invoice.id ? invoice() : null),
    retrieveCustomer: (id) => {
      const customer = state.invoice.customer;
      if (typeof customer === "object" && customer !== null) return Promise.resolve(structuredClone(customer) as never);
      return Promise.resolve({
        id,
        object: "customer",
        email: (state.invoice.customer_email as string | null | undefined) ?? null,
        name: (state.invoice.customer_name as string | null | undefined) ?? null,
        metadata: {},
      } as never);
    },
    retrieveSubscription: (id) =>
      Promise.resolve({
        id,
        object: "subscription",
        status: state.subscriptionStatus,
        customer: "",
        items: { data: [] },
        pause_collection: null,
      } as never),
    async updateInvoice(id, params, options) {
      if (params.auto_advance !== undefined) state.invoice.auto_advance = params.auto_advance;
      return described("updateInvoice", id, { ...params }, options.idempotencyKey);
    },
    async payInvoice(id, options) {
      state.paymentAttempts += 1;
      if (outcome.paysAtAttempt !== null && state.paymentAttempts >= outcome.paysAtAttempt) {
        state.invoice.status = "paid";
        state.invoice.amount_remaining = 0;
        state.invoice.status_transitions = { ...(state.invoice.status_transitions as object), paid_at: unix() };
        return described("payInvoice", id, {}, options.idempotencyKey);
      }
      // As Stripe answers a declined payment: a card error with status 402.
      throw Object.assign(new Error("Your card was declined (the assumed outcome)."), {
        type: "StripeCardError",
        statusCode: 402,
        code: "card_declined",
        decline_code: "generic_decline",
      });
    },
    async markInvoiceUncollectible(id, options) {
      state.invoice.status = "uncollectible";
      state.invoice.auto_advance = false;
      return described("markInvoiceUncollectible", id, {}, options.idempotencyKey);
    },
    async updateSubscription(id, params, options) {
      if (params.pause_collection) state.subscriptionStatus = "paused collection";
      return described("updateSubscription", id, { ...params }, options.idempotencyKey);
    },
    async cancelSubscription(id, options) {
      state.subscriptionStatus = "canceled";
      return described("cancelSubscription", id, {}, options.idempotencyKey);
    },
  };
}

/** Emails are rendered and kept on the step, never sent. */
export const recordingEmail: EmailService = { send: () => Promise.resolve({ sent: false }) };

/** HTTP requests are kept on the step, never made. */
export const recordingHttp: HttpService = { post: () => Promise.resolve({ sent: false }) };

/** Events are built and signed (with a placeholder secret) to show what would go out, never posted. */
export function recordingWebhooks(now: () => Date): WebhookService {
  return {
    eventId: webhookEventIdFor,
    deliver: (urls, event) =>
      Promise.resolve({
        sent: false,
        recorded: urls.map((url) => {
          const delivery = signDelivery({
            url,
            event,
            secrets: ["whsec_simulation"],
            timestamp: Math.floor(now().getTime() / 1000),
          });
          return { url: describeUrl(delivery.url), headers: delivery.headers, body: delivery.body };
        }),
      }),
  };
}
