import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { DEFAULT_SAMPLE_IDS, LEGACY_API_VERSION } from "@/lib/samples/sample-events";

import { parseForm, startStripeServer, type FakeStripe } from "./stripe-server";

let fake: FakeStripe;
let stripe: Stripe;

beforeEach(async () => {
  fake = await startStripeServer();
  stripe = fake.client({ maxNetworkRetries: 0, timeout: 2_000 });
});

afterEach(async () => {
  await fake.close();
});

const payPath = { method: "POST", path: "/v1/invoices/:id/pay" };

describe("fake Stripe: reads", () => {
  it("serves a seeded invoice to the SDK and records the request with the pinned API version", async () => {
    const { invoice } = fake.seed.objects({ amount: 5000, currency: "eur" });

    const got = await stripe.invoices.retrieve(invoice.id);

    expect(got.object).toBe("invoice");
    expect(got.id).toBe(DEFAULT_SAMPLE_IDS.invoiceId);
    expect(got.amount_due).toBe(5000);
    expect(got.currency).toBe("eur");
    expect(got.parent?.subscription_details?.subscription).toBe(DEFAULT_SAMPLE_IDS.subscriptionId);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: "GET",
      path: `/v1/invoices/${invoice.id}`,
      stripeVersion: Stripe.API_VERSION,
      apiKey: fake.apiKey,
      status: 200,
      idempotencyKey: null,
    });
    expect(got.lastResponse.requestId).toBe(fake.requests[0]?.id);
  });

  it("retrieves customers and subscriptions, and expands ids it holds", async () => {
    const { invoice, customer, subscription } = fake.seed.objects({
      customerMetadata: { segment: "enterprise" },
      interval: "year",
      productIds: ["prod_A", "prod_B"],
    });

    const gotCustomer = await stripe.customers.retrieve(customer.id);
    const gotSubscription = await stripe.subscriptions.retrieve(String(subscription?.id));
    const expanded = await stripe.invoices.retrieve(invoice.id, { expand: ["customer"] });

    expect(gotCustomer).toMatchObject({ object: "customer", metadata: { segment: "enterprise" } });
    expect(gotSubscription.items.data.map((i) => [i.price.product, i.price.recurring?.interval])).toEqual([
      ["prod_A", "year"],
      ["prod_B", "year"],
    ]);
    expect(expanded.customer).toMatchObject({ id: customer.id, object: "customer" });
    expect(fake.requests[2]?.query).toEqual({ expand: ["customer"] });
  });

  it("answers an unknown object with Stripe's 404 resource_missing error", async () => {
    const error = await stripe.invoices.retrieve("in_missing").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such invoice: 'in_missing'",
    });
  });

  it("does not return an object of another type under the invoice path", async () => {
    const { customer } = fake.seed.objects();

    await expect(stripe.invoices.retrieve(customer.id)).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });

  it("refuses requests without a secret key", async () => {
    const anonymous = new Stripe("pk_test_not_secret", {
      host: fake.host,
      port: fake.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    fake.seed.objects();

    await expect(anonymous.invoices.retrieve(DEFAULT_SAMPLE_IDS.invoiceId)).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    expect(fake.requests[0]?.status).toBe(401);
  });

  it("accepts only the configured key when one is given", async () => {
    const strict = await startStripeServer({ apiKey: "sk_test_only_this" });
    try {
      strict.seed.objects();
      const wrong = new Stripe("sk_test_other", {
        host: strict.host,
        port: strict.port,
        protocol: "http",
        maxNetworkRetries: 0,
      });
      await expect(wrong.customers.retrieve(DEFAULT_SAMPLE_IDS.customerId)).rejects.toBeInstanceOf(
        Stripe.errors.StripeAuthenticationError,
      );
      await expect(strict.client().customers.retrieve(DEFAULT_SAMPLE_IDS.customerId)).resolves.toMatchObject({
        object: "customer",
      });
    } finally {
      await strict.close();
    }
  });
});

describe("fake Stripe: writes", () => {
  it("updates an invoice and records the parsed form body, the key and one effect", async () => {
    const { invoice } = fake.seed.objects({ invoiceMetadata: { region: "eu" } });

    const updated = await stripe.invoices.update(
      invoice.id,
      { auto_advance: false, metadata: { engine: "retry-policy" } },
      { idempotencyKey: "step-1" },
    );

    expect(updated.auto_advance).toBe(false);
    expect(updated.metadata).toEqual({ region: "eu", engine: "retry-policy" });
    expect(fake.store.get(invoice.id)).toMatchObject({ auto_advance: false, next_payment_attempt: null });
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      body: { auto_advance: "false", metadata: { engine: "retry-policy" } },
      idempotencyKey: "step-1",
      replayed: false,
    });
    expect(fake.effects("step-1")).toBe(1);
    expect(fake.effectLog[0]).toMatchObject({
      eventType: "invoice.updated",
      idempotencyKey: "step-1",
      previousAttributes: { auto_advance: true, metadata: { region: "eu" } },
    });
  });

  it("removes a metadata key set to the empty string, as Stripe does", async () => {
    const { invoice } = fake.seed.objects({ invoiceMetadata: { region: "eu", tier: "gold" } });

    const updated = await stripe.invoices.update(invoice.id, { metadata: { tier: "" } });

    expect(updated.metadata).toEqual({ region: "eu" });
  });

  it("rejects unknown parameters with parameter_unknown and changes nothing", async () => {
    const { invoice } = fake.seed.objects();

    const error = await stripe.invoices
      .update(invoice.id, { not_a_param: "x" } as Stripe.InvoiceUpdateParams)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "not_a_param" });
    expect(fake.effects()).toBe(0);
  });

  it("sends the SDK's own idempotency key on POSTs that name none", async () => {
    const { invoice } = fake.seed.objects();

    await stripe.invoices.update(invoice.id, { description: "hello" });

    expect(fake.requests[0]?.idempotencyKey).toMatch(/^stripe-node-retry-/);
  });

  it("pays an open invoice", async () => {
    const { invoice } = fake.seed.objects({ amount: 12_345 });

    const paid = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "pay-1" });

    expect(paid).toMatchObject({
      status: "paid",
      amount_paid: 12_345,
      amount_remaining: 0,
      attempt_count: 1,
      attempted: true,
    });
    expect(paid.status_transitions.paid_at).toEqual(expect.any(Number));
    expect(fake.effectLog.map((e) => e.eventType)).toEqual(["invoice.paid"]);
  });

  it("declines payment for a customer configured to decline, counting the attempt", async () => {
    const { invoice, customer } = fake.seed.objects({ eventType: "invoice.payment_failed", attemptCount: 1 });
    fake.declinePayments(customer.id);

    const error = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "retry-2" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({
      statusCode: 402,
      type: "StripeCardError",
      code: "card_declined",
      decline_code: "generic_decline",
      message: "Your card was declined.",
    });
    expect(fake.store.get(invoice.id)).toMatchObject({ status: "open", attempt_count: 2 });
    expect(fake.effectLog.map((e) => e.eventType)).toEqual(["invoice.payment_failed"]);

    fake.acceptPayments(customer.id);
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "retry-3" })).resolves.toMatchObject({
      status: "paid",
    });
  });

  it("declines with the decline code of Stripe's test payment methods", async () => {
    const { invoice } = fake.seed.objects();

    await expect(
      stripe.invoices.pay(invoice.id, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" }),
    ).rejects.toMatchObject({ code: "card_declined", decline_code: "insufficient_funds" });
  });

  it("refuses to pay an invoice twice under different keys", async () => {
    const { invoice } = fake.seed.objects();
    await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "a" });

    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "b" })).rejects.toMatchObject({
      statusCode: 400,
      message: "Invoice is already paid",
    });
    expect(fake.effects()).toBe(1);
  });

  it("marks an open invoice uncollectible, and voids an uncollectible one", async () => {
    const { invoice } = fake.seed.objects();

    const uncollectible = await stripe.invoices.markUncollectible(invoice.id, {}, { idempotencyKey: "mu" });
    const voided = await stripe.invoices.voidInvoice(invoice.id, {}, { idempotencyKey: "void" });

    expect(uncollectible.status).toBe("uncollectible");
    expect(uncollectible.status_transitions.marked_uncollectible_at).toEqual(expect.any(Number));
    expect(voided.status).toBe("void");
    expect(fake.effectLog.map((e) => e.eventType)).toEqual(["invoice.marked_uncollectible", "invoice.voided"]);
    await expect(stripe.invoices.markUncollectible(invoice.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it("pauses collection on a subscription and lifts the pause with an empty value", async () => {
    const { subscription } = fake.seed.objects();
    const id = String(subscription?.id);

    const paused = await stripe.subscriptions.update(
      id,
      { pause_collection: { behavior: "keep_as_draft" } },
      { idempotencyKey: "unpaid" },
    );
    expect(paused.pause_collection).toEqual({ behavior: "keep_as_draft", resumes_at: null });
    expect(fake.requests[0]?.body).toEqual({ pause_collection: { behavior: "keep_as_draft" } });

    const resumed = await stripe.subscriptions.update(id, { pause_collection: "" });
    expect(resumed.pause_collection).toBeNull();
  });

  it("cancels a subscription with DELETE, and answers a second cancel 404 resource_missing while GET still returns it", async () => {
    const { subscription } = fake.seed.objects();
    const id = String(subscription?.id);

    const canceled = await stripe.subscriptions.cancel(id, {}, { idempotencyKey: "cancel-1" });

    expect(canceled).toMatchObject({ status: "canceled", cancellation_details: { reason: "cancellation_requested" } });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(fake.requests[0]).toMatchObject({
      method: "DELETE",
      path: `/v1/subscriptions/${id}`,
      idempotencyKey: "cancel-1",
    });
    expect(fake.effects("cancel-1")).toBe(1);
    expect(fake.effectLog[0]?.eventType).toBe("customer.subscription.deleted");
    await expect(stripe.subscriptions.cancel(id, {}, { idempotencyKey: "cancel-2" })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      message: `No such subscription: '${id}'`,
    });
    await expect(stripe.subscriptions.retrieve(id)).resolves.toMatchObject({ id, status: "canceled" });
  });

  it("lets an incomplete subscription change only its metadata and default_source", async () => {
    const { subscription } = fake.seed.objects({ subscriptionStatus: "incomplete" });
    const id = String(subscription?.id);
    await expect(
      stripe.subscriptions.update(id, { pause_collection: { behavior: "keep_as_draft" } }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/incomplete can only update its metadata/),
    });
    await expect(stripe.subscriptions.update(id, { metadata: { note: "ok" } })).resolves.toMatchObject({
      metadata: expect.objectContaining({ note: "ok" }),
    });
  });
});

describe("fake Stripe: idempotency", () => {
  it("honours keys on POST only: a DELETE with a used key runs again, as Stripe's does", async () => {
    const { subscription } = fake.seed.objects();
    const id = String(subscription?.id);
    await stripe.subscriptions.cancel(id, {}, { idempotencyKey: "cancel-once" });
    // The response was lost, say, and the call is made again with the same key: Stripe does not
    // replay it — the subscription is already canceled.
    const again = await stripe.subscriptions.cancel(id, {}, { idempotencyKey: "cancel-once" }).catch((e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 404, code: "resource_missing" });
    expect(fake.requests.map((r) => [r.method, r.status, r.replayed])).toEqual([
      ["DELETE", 200, false],
      ["DELETE", 404, false],
    ]);
    expect(fake.effects("cancel-once")).toBe(1);
  });

  it("replays the first response to a repeated key and applies the effect once", async () => {
    const { invoice } = fake.seed.objects();

    const first = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "step-9" });
    const second = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "step-9" });

    expect(second).toEqual(first);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(fake.requests.map((r) => r.replayed)).toEqual([false, true]);
    expect(fake.effects("step-9")).toBe(1);
    expect(fake.store.get(invoice.id)?.attempt_count).toBe(1);
  });

  it("replays a stored decline instead of charging again", async () => {
    const { invoice, customer } = fake.seed.objects();
    fake.declinePayments(customer.id);

    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "k" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeCardError,
    );
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "k" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeCardError,
    );

    expect(fake.effects("k")).toBe(1);
    expect(fake.requests[1]?.replayed).toBe(true);
  });

  it("refuses a key reused with other parameters", async () => {
    const { invoice } = fake.seed.objects();
    await stripe.invoices.update(invoice.id, { metadata: { a: "1" } }, { idempotencyKey: "same" });

    const error = await stripe.invoices
      .update(invoice.id, { metadata: { a: "2" } }, { idempotencyKey: "same" })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(fake.store.get(invoice.id)?.metadata).toEqual({ a: "1" });
    expect(fake.effects("same")).toBe(1);
  });
});

describe("fake Stripe: faults", () => {
  it("answers 429 without Stripe-Should-Retry, and the same key then succeeds", async () => {
    const { invoice } = fake.seed.objects();
    const fault = fake.failNext(payPath, { kind: "rate_limit" });

    const error = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "p" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({ statusCode: 429, code: "rate_limit" });
    expect((error as Stripe.errors.StripeError).headers?.["stripe-should-retry"]).toBeUndefined();
    expect(fault).toMatchObject({ remaining: 0, hits: 1 });
    expect(fake.effects("p")).toBe(0);
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "p" })).resolves.toMatchObject({
      status: "paid",
    });
  });

  it("answers 429 with Stripe-Should-Retry: false, which the SDK does not retry", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "rate_limit", shouldRetry: false });
    const retrying = fake.client({ maxNetworkRetries: 2 });

    const error = await retrying.invoices.pay(invoice.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((error as Stripe.errors.StripeError).headers?.["stripe-should-retry"]).toBe("false");
    expect(fake.requests).toHaveLength(1);
  });

  it("answers 429 with Stripe-Should-Retry: true, which the SDK retries with the same key", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "rate_limit", code: "lock_timeout", shouldRetry: true });
    const retrying = fake.client({ maxNetworkRetries: 1 });

    const paid = await retrying.invoices.pay(invoice.id, {}, { idempotencyKey: "lock" });

    expect(paid.status).toBe("paid");
    expect(fake.requests.map((r) => [r.status, r.idempotencyKey, r.fault])).toEqual([
      [429, "lock", "rate_limit"],
      [200, "lock", null],
    ]);
    expect(fake.effects("lock")).toBe(1);
  });

  it("sends Retry-After when asked", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "rate_limit", retryAfterSeconds: 7 });

    const error = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);

    expect((error as Stripe.errors.StripeError).headers?.["retry-after"]).toBe("7");
  });

  it("answers 500 before running the endpoint, so a retry with the same key acts once", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "api_error" });

    const error = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "five" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 500 });
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "five" })).resolves.toMatchObject({
      status: "paid",
    });
    expect(fake.effects("five")).toBe(1);
  });

  it("stores a 500 under the key when asked, replaying it with Stripe-Should-Retry: false", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "api_error", stored: true });

    const first = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "stuck" }).catch((e: unknown) => e);
    const again = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "stuck" }).catch((e: unknown) => e);

    expect(first).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(again).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((again as Stripe.errors.StripeError).headers?.["stripe-should-retry"]).toBe("false");
    expect(fake.requests[1]?.replayed).toBe(true);
    expect(fake.effects()).toBe(0);
  });

  it("holds a request until the SDK's timeout, which it reports as a StripeConnectionError", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "timeout" });
    const impatient = fake.client({ timeout: 200 });

    const error = await impatient.invoices.pay(invoice.id, {}, { idempotencyKey: "t" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((error as Error).message).toMatch(/timeout/i);
    expect(fake.requests[0]).toMatchObject({ status: null, fault: "timeout" });
    expect(fake.effects()).toBe(0);
  });

  it("can lose the response after the effect, so the retry with the same key is a replay", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "timeout", afterEffect: true });
    const impatient = fake.client({ timeout: 200 });

    await expect(impatient.invoices.pay(invoice.id, {}, { idempotencyKey: "lost" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
    expect(fake.effects("lost")).toBe(1);

    const retried = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "lost" });
    expect(retried.status).toBe("paid");
    expect(retried.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(fake.effects("lost")).toBe(1);
  });

  it("resets the connection; the SDK retries a closed connection once on its own, with the same key", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "connection_reset" });

    const paid = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "r" });

    expect(paid.status).toBe("paid");
    expect(fake.requests.map((r) => [r.status, r.idempotencyKey, r.fault])).toEqual([
      [null, "r", "connection_reset"],
      [200, "r", null],
    ]);
    expect(fake.effects("r")).toBe(1);
  });

  it("surfaces repeated resets as a StripeConnectionError", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "connection_reset" }, 2);

    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "rr" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
    expect(fake.requests).toHaveLength(2);
    expect(fake.effects()).toBe(0);
  });

  it("applies the effect once when the reset comes after it", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "connection_reset", afterEffect: true });

    const paid = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "ra" });

    expect(paid.status).toBe("paid");
    expect(fake.requests.map((r) => r.replayed)).toEqual([false, true]);
    expect(fake.effects("ra")).toBe(1);
  });

  it("injects a card decline, under Stripe's own error code for an expired card", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "card_declined", declineCode: "expired_card" });

    const error = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    // As Stripe's test card 4000000000000069: code expired_card, not card_declined.
    expect(error).toMatchObject({ statusCode: 402, code: "expired_card", decline_code: "expired_card" });
    expect(fake.store.get(invoice.id)?.attempt_count).toBe(1);
    const payments = (await stripe.invoices.retrieve(invoice.id, { expand: ["payments.data.payment.payment_intent"] }))
      .payments?.data;
    expect((payments?.[0]?.payment.payment_intent as Stripe.PaymentIntent).last_payment_error).toMatchObject({
      code: "expired_card",
      decline_code: "expired_card",
      message: "Your card has expired.",
    });
  });

  it("fails only matching requests, for as many times as asked", async () => {
    const { invoice } = fake.seed.objects();
    const fault = fake.failNext({ method: "POST", path: /\/pay$/ }, { kind: "api_error" }, 2);

    await stripe.invoices.retrieve(invoice.id);
    await expect(stripe.invoices.pay(invoice.id)).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(fault.remaining).toBe(1);
    fault.cancel();
    await expect(stripe.invoices.pay(invoice.id)).resolves.toMatchObject({ status: "paid" });
    expect(fault.hits).toBe(1);
  });

  it("closes while a request is held, and the waiting client sees a connection error", async () => {
    const { invoice } = fake.seed.objects();
    fake.failNext(payPath, { kind: "timeout" });
    const patient = fake.client({ timeout: 60_000 });

    const pending = patient.invoices.pay(invoice.id).catch((e: unknown) => e);
    await fake.waitForRequest((r) => r.path.endsWith("/pay"));
    await fake.close();

    expect(await pending).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });
});

describe("fake Stripe: what a payment attempt leaves", () => {
  const expandPayments = { expand: ["payments.data.payment.payment_intent", "payments.data.payment.charge"] };
  const intentOf = (invoice: Stripe.Invoice, index = 0) =>
    invoice.payments?.data[index]?.payment.payment_intent as Stripe.PaymentIntent | undefined;

  it("leaves a decline on the invoice's PaymentIntent and its charge, listed in the invoice's payments", async () => {
    const { invoice, customer } = fake.seed.objects();
    fake.declinePayments(invoice.id, { declineCode: "lost_card" });

    const error = await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "pay-1" }).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: "card_declined",
      decline_code: "lost_card",
      charge: expect.stringMatching(/^ch_/),
    });
    const charged = await stripe.invoices.retrieve(invoice.id, expandPayments);
    expect(charged.payments).toMatchObject({
      object: "list",
      has_more: false,
      url: `/v1/invoices/${invoice.id}/payments`,
    });
    expect(charged.payments?.data).toHaveLength(1);
    expect(charged.payments?.data[0]).toMatchObject({
      object: "invoice_payment",
      invoice: invoice.id,
      is_default: true,
      status: "open",
      amount_paid: null,
      amount_requested: invoice.amount_due,
      payment: { type: "payment_intent" },
    });
    const intent = intentOf(charged);
    expect(intent).toMatchObject({
      object: "payment_intent",
      status: "requires_payment_method",
      customer: customer.id,
      amount: invoice.amount_due,
      last_payment_error: {
        type: "card_error",
        code: "card_declined",
        decline_code: "lost_card",
        charge: (error as Stripe.errors.StripeCardError).charge,
        message: "Your card was declined.",
      },
    });
    // The same PaymentIntent and its failed charge, read on their own.
    await expect(stripe.paymentIntents.retrieve(String(intent?.id))).resolves.toMatchObject({
      id: intent?.id,
      latest_charge: (error as Stripe.errors.StripeCardError).charge,
    });
    await expect(
      stripe.charges.retrieve(String((error as Stripe.errors.StripeCardError).charge)),
    ).resolves.toMatchObject({
      object: "charge",
      status: "failed",
      paid: false,
      payment_intent: intent?.id,
      failure_code: "card_declined",
      outcome: { type: "issuer_declined", reason: "lost_card", network_status: "declined_by_network" },
    });
  });

  it("lists the payments only when they are expanded, as Stripe includes them", async () => {
    const { invoice } = fake.seed.objects();
    fake.declinePayments(invoice.id);
    await stripe.invoices.pay(invoice.id).catch(() => undefined);

    expect((await stripe.invoices.retrieve(invoice.id)).payments).toBeUndefined();
    expect(fake.store.get(invoice.id)).not.toHaveProperty("payments");
    const listed = await stripe.invoices.retrieve(invoice.id, { expand: ["payments"] });
    expect(listed.payments?.data[0]?.payment.payment_intent).toMatch(/^pi_/);
    // A basil invoice names no PaymentIntent of its own, and the webhook's invoice lists no payments.
    expect(fake.store.get(invoice.id)).not.toHaveProperty("payment_intent");
    expect(fake.eventFor(fake.effectLog[0]!).data.object).not.toHaveProperty("payments");
  });

  it("retries on the same PaymentIntent: a later decline replaces the error, a success clears it", async () => {
    const { invoice } = fake.seed.objects();
    fake.declinePayments(invoice.id, { declineCode: "insufficient_funds" });
    await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "a" }).catch(() => undefined);
    fake.declinePayments(invoice.id, { declineCode: "stolen_card" });
    await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "b" }).catch(() => undefined);

    const declined = await stripe.invoices.retrieve(invoice.id, expandPayments);
    expect(declined.payments?.data).toHaveLength(1);
    expect(intentOf(declined)?.last_payment_error).toMatchObject({ decline_code: "stolen_card" });

    fake.acceptPayments(invoice.id);
    await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "c" });
    const paid = await stripe.invoices.retrieve(invoice.id, expandPayments);
    expect(paid.payments?.data[0]).toMatchObject({ status: "paid", amount_paid: invoice.amount_due });
    expect(intentOf(paid)).toMatchObject({ id: intentOf(declined)?.id, status: "succeeded", last_payment_error: null });
    await expect(stripe.charges.retrieve(String(intentOf(paid)?.latest_charge))).resolves.toMatchObject({
      status: "succeeded",
      paid: true,
      failure_code: null,
    });
  });

  it("names the PaymentIntent and the charge on an invoice stored in a pre-basil shape, as its events do", async () => {
    const { invoice } = fake.seed.objects({ apiVersion: LEGACY_API_VERSION });
    expect(invoice).toMatchObject({ payment_intent: null, charge: null });
    fake.failNext(payPath, { kind: "card_declined", declineCode: "pickup_card" });

    const error = (await stripe.invoices.pay(invoice.id).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;

    const stored = fake.store.get(invoice.id);
    expect(stored?.payment_intent).toMatch(/^pi_/);
    expect(stored?.charge).toBe(error.charge);
    const event = fake.eventFor(fake.effectLog[0]!);
    expect(event).toMatchObject({
      type: "invoice.payment_failed",
      data: { object: { payment_intent: stored?.payment_intent, charge: error.charge, attempt_count: 1 } },
    });
    await expect(stripe.paymentIntents.retrieve(String(stored?.payment_intent))).resolves.toMatchObject({
      last_payment_error: { code: "card_declined", decline_code: "pickup_card" },
    });
  });

  it("leaves nothing behind a replayed decline, and nothing on a payment out of band", async () => {
    const { invoice, customer } = fake.seed.objects();
    fake.declinePayments(customer.id, { declineCode: "do_not_honor" });
    await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "k" }).catch(() => undefined);
    await stripe.invoices.pay(invoice.id, {}, { idempotencyKey: "k" }).catch(() => undefined);
    expect(fake.store.list("charge")).toHaveLength(1);
    expect(fake.store.list("payment_intent")).toHaveLength(1);

    const other = fake.seed.invoice({ id: "in_out_of_band" });
    await stripe.invoices.pay(other.id, { paid_out_of_band: true });
    const answer = await stripe.invoices.retrieve(other.id, expandPayments);
    expect(answer.payments?.data).toEqual([]);
  });

  it("answers an unknown PaymentIntent or charge with Stripe's 404 resource_missing", async () => {
    await expect(stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such payment_intent: 'pi_missing'",
    });
    await expect(stripe.charges.retrieve("ch_missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });
});

describe("fake Stripe: seeding and waiting", () => {
  it("seeds single objects from the fixtures with overrides", async () => {
    const invoice = fake.seed.invoice(
      { id: "in_custom", customer: "cus_custom", metadata: { a: "b" } },
      { amount: 700 },
    );
    const customer = fake.seed.customer({ id: "cus_custom", email: "ops@example.com" });
    const subscription = fake.seed.subscription({ id: "sub_custom", customer: "cus_custom" }, { interval: "year" });

    expect(invoice).toMatchObject({ id: "in_custom", customer: "cus_custom", amount_due: 700, metadata: { a: "b" } });
    expect((await stripe.invoices.retrieve("in_custom")).lines.data[0]?.invoice).toBe("in_custom");
    expect(customer.email).toBe("ops@example.com");
    expect((await stripe.subscriptions.retrieve("sub_custom")).items.data[0]?.price.recurring?.interval).toBe("year");
    expect(subscription.customer).toBe("cus_custom");
  });

  it("store.update merges into a stored object", () => {
    fake.seed.objects();
    fake.store.update(DEFAULT_SAMPLE_IDS.invoiceId, { status: "paid", metadata: { x: "y" } });

    expect(fake.store.get(DEFAULT_SAMPLE_IDS.invoiceId, "invoice")).toMatchObject({
      status: "paid",
      metadata: { x: "y" },
    });
    expect(fake.store.get(DEFAULT_SAMPLE_IDS.invoiceId, "customer")).toBeUndefined();
    expect(fake.store.list("invoice")).toHaveLength(1);
  });

  it("describes each effect as the webhook event Stripe would send, carrying the caller's key", async () => {
    const { invoice } = fake.seed.objects();
    await stripe.invoices.update(invoice.id, { auto_advance: false }, { idempotencyKey: "take-over" });
    const [effect] = fake.effectLog;

    const event = fake.eventFor(effect!);

    expect(event).toMatchObject({
      object: "event",
      type: "invoice.updated",
      api_version: Stripe.API_VERSION,
      livemode: false,
      request: { id: fake.requests[0]?.id, idempotency_key: "take-over" },
      data: { object: { id: invoice.id, auto_advance: false }, previous_attributes: { auto_advance: true } },
    });
    expect(event.id).toMatch(/^evt_/);
  });

  it("waitForRequest rejects with what it saw when nothing matches in time", async () => {
    await expect(fake.waitForRequest((r) => r.method === "DELETE", { timeoutMs: 50 })).rejects.toThrow(
      /no matching request within 50 ms \(requests so far: none\)/,
    );
  });
});

describe("parseForm", () => {
  it("undoes the SDK's bracket notation", () => {
    expect(
      parseForm(
        "expand[0]=customer&expand[1]=lines.data&metadata[a]=x%20y&metadata[0]=zero&metadata[b]=&pause_collection[behavior]=keep_as_draft&items[0][price]=p&items[0][quantity]=2&auto_advance=false&tags[]=a&tags[]=b&q=a+b",
      ),
    ).toEqual({
      expand: ["customer", "lines.data"],
      metadata: { a: "x y", "0": "zero", b: "" },
      pause_collection: { behavior: "keep_as_draft" },
      items: [{ price: "p", quantity: "2" }],
      auto_advance: "false",
      tags: ["a", "b"],
      q: "a b",
    });
  });
});
