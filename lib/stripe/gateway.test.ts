// The gateway through the real `stripe` SDK against the Stripe-compatible test server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { parseConfig, type Config } from "@/lib/config";
import { startStripeServer, type FakeStripe, type StripeFault } from "@/test/support/stripe-server";
import { STRIPE_API_VERSION, createStripeClient } from "@/lib/stripe/client";
import { classifyStripeError, type StripeErrorClassification } from "@/lib/stripe/errors";
import {
  MissingIdempotencyKeyError,
  createStripeGateway,
  type StripeGateway,
  type WriteOptions,
} from "@/lib/stripe/gateway";
import { createRateLimiter } from "@/lib/stripe/rate-limiter";

let fake: FakeStripe;
let config: Config;
let gateway: StripeGateway;

function configFor(server: FakeStripe, extra: Record<string, string> = {}): Config {
  return parseConfig({ STRIPE_SECRET_KEY: server.apiKey, STRIPE_API_BASE: server.url, ...extra });
}

/** A generous limiter of its own, so tests never share the process-wide one. */
const freshLimiter = () => createRateLimiter({ ratePerSecond: 10_000 });

beforeEach(async () => {
  fake = await startStripeServer();
  config = configFor(fake);
  gateway = createStripeGateway(config, { limiter: freshLimiter() });
});

afterEach(async () => {
  await fake.close();
});

async function classified(promise: Promise<unknown>): Promise<StripeErrorClassification> {
  try {
    await promise;
  } catch (err) {
    return classifyStripeError(err);
  }
  throw new Error("expected the Stripe call to fail");
}

describe("createStripeGateway", () => {
  it("picks the mode from the key: test, live, or dry-run without one", () => {
    expect(gateway.mode).toBe("test");
    const live = createStripeGateway(configFor(fake, { STRIPE_SECRET_KEY: "sk_live_123" }), {
      limiter: freshLimiter(),
    });
    expect(live.mode).toBe("live");
    expect(createStripeGateway(parseConfig({})).mode).toBe("dry-run");
  });
});

describe("reads", () => {
  it("return the objects the engine needs, at the pinned API version, and count reads per kind", async () => {
    const { invoice, customer, subscription } = fake.seed.objects({
      amount: 12_000,
      currency: "eur",
      customerMetadata: { segment: "enterprise" },
      interval: "year",
      productIds: ["prod_A"],
    });

    const gotInvoice = await gateway.retrieveInvoice(invoice.id);
    const gotCustomer = await gateway.retrieveCustomer(customer.id);
    const gotSubscription = await gateway.retrieveSubscription(String(subscription?.id));
    await gateway.retrieveInvoice(invoice.id);

    expect(gotInvoice).toMatchObject({ id: invoice.id, amount_due: 12_000, currency: "eur", status: "open" });
    expect(gotInvoice?.parent?.subscription_details?.subscription).toBe(subscription?.id);
    expect(gotCustomer).toMatchObject({ id: customer.id, metadata: { segment: "enterprise" } });
    expect(gotSubscription?.items.data.map((item) => [item.price.product, item.price.recurring?.interval])).toEqual([
      ["prod_A", "year"],
    ]);
    expect(gateway.stats().reads).toEqual({ invoice: 2, customer: 1, subscription: 1 });
    expect(fake.requests.map((r) => r.stripeVersion)).toEqual(Array(4).fill(STRIPE_API_VERSION));
    expect(fake.requests.every((r) => r.method === "GET" && r.idempotencyKey === null)).toBe(true);
  });

  it("return null for an object Stripe does not have", async () => {
    expect(await gateway.retrieveInvoice("in_missing")).toBeNull();
    expect(await gateway.retrieveCustomer("cus_missing")).toBeNull();
    expect(await gateway.retrieveSubscription("sub_missing")).toBeNull();
    expect(fake.requests.map((r) => r.status)).toEqual([404, 404, 404]);
  });
});

describe("writes", () => {
  it("send the caller's idempotency key, so a repeated step changes Stripe only once", async () => {
    const { invoice } = fake.seed.objects();
    const key = "run-step:step_1:update";

    const first = await gateway.updateInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: key });
    const again = await gateway.updateInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: key });

    expect(first).toMatchObject({ sent: true, idempotencyKey: key, result: { id: invoice.id, auto_advance: false } });
    expect(again).toMatchObject({ sent: true, result: { auto_advance: false } });
    expect(fake.requests.map((r) => [r.method, r.path, r.idempotencyKey, r.replayed])).toEqual([
      ["POST", `/v1/invoices/${invoice.id}`, key, false],
      ["POST", `/v1/invoices/${invoice.id}`, key, true],
    ]);
    expect(fake.effects(key)).toBe(1);
    expect(gateway.stats().writes.updateInvoice).toBe(2);
  });

  it("pay, mark uncollectible, pause and cancel, each under its own key", async () => {
    const { invoice, subscription } = fake.seed.objects();
    const subscriptionId = String(subscription?.id);
    const other = fake.seed.invoice({ id: "in_other" });

    const paid = await gateway.payInvoice(invoice.id, { idempotencyKey: "k-pay" });
    const uncollectible = await gateway.markInvoiceUncollectible(other.id, { idempotencyKey: "k-uncollectible" });
    const paused = await gateway.updateSubscription(
      subscriptionId,
      { pause_collection: { behavior: "keep_as_draft" } },
      { idempotencyKey: "k-pause" },
    );
    const canceled = await gateway.cancelSubscription(subscriptionId, { idempotencyKey: "k-cancel" });

    expect(paid).toMatchObject({ sent: true, result: { status: "paid" } });
    expect(uncollectible).toMatchObject({ sent: true, result: { status: "uncollectible" } });
    expect(paused).toMatchObject({ sent: true, result: { pause_collection: { behavior: "keep_as_draft" } } });
    expect(canceled).toMatchObject({ sent: true, result: { status: "canceled" } });
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.idempotencyKey}`)).toEqual([
      `POST /v1/invoices/${invoice.id}/pay k-pay`,
      `POST /v1/invoices/${other.id}/mark_uncollectible k-uncollectible`,
      `POST /v1/subscriptions/${subscriptionId} k-pause`,
      `DELETE /v1/subscriptions/${subscriptionId} k-cancel`,
    ]);
    for (const key of ["k-pay", "k-uncollectible", "k-pause", "k-cancel"]) expect(fake.effects(key)).toBe(1);
  });

  it("refuse to send a write without an idempotency key", async () => {
    const { invoice } = fake.seed.objects();
    const noKey = {} as WriteOptions;

    await expect(gateway.updateInvoice(invoice.id, { auto_advance: false }, noKey)).rejects.toBeInstanceOf(
      MissingIdempotencyKeyError,
    );
    await expect(gateway.payInvoice(invoice.id, { idempotencyKey: "  " })).rejects.toThrow(
      /idempotency key is required/,
    );
    await expect(gateway.cancelSubscription("sub_1", noKey)).rejects.toThrow(
      /cancelSubscription: an idempotency key is required/,
    );
    expect(classifyStripeError(new MissingIdempotencyKeyError("payInvoice")).kind).toBe("permanent");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("dry-run", () => {
  it("sends nothing: reads answer null, writes describe the request the SDK would make", async () => {
    const { invoice, subscription } = fake.seed.objects();
    const subscriptionId = String(subscription?.id);
    // No key, but the server's address configured: still nothing may reach it.
    const dry = createStripeGateway(parseConfig({ STRIPE_API_BASE: fake.url }));

    expect(await dry.retrieveInvoice(invoice.id)).toBeNull();
    expect(await dry.retrieveSubscription(subscriptionId)).toBeNull();
    const writes = [
      await dry.updateInvoice(invoice.id, { auto_advance: false, metadata: { a: "1" } }, { idempotencyKey: "d1" }),
      await dry.payInvoice(invoice.id, { idempotencyKey: "d2" }),
      await dry.markInvoiceUncollectible(invoice.id, { idempotencyKey: "d3" }),
      await dry.updateSubscription(
        subscriptionId,
        { pause_collection: { behavior: "keep_as_draft" } },
        { idempotencyKey: "d4" },
      ),
      await dry.cancelSubscription(subscriptionId, { idempotencyKey: "d5" }),
    ];

    expect(fake.requests).toHaveLength(0);
    expect(dry.stats()).toMatchObject({ reads: { invoice: 1, customer: 0, subscription: 1 } });
    expect(writes[0]).toEqual({
      sent: false,
      wouldSend: `POST /v1/invoices/${invoice.id}`,
      params: { auto_advance: false, metadata: { a: "1" } },
      idempotencyKey: "d1",
    });
    expect(writes[2]).toMatchObject({
      sent: false,
      wouldSend: `POST /v1/invoices/${invoice.id}/mark_uncollectible`,
      params: {},
    });
    await expect(dry.payInvoice(invoice.id, {} as WriteOptions)).rejects.toBeInstanceOf(MissingIdempotencyKeyError);

    // The same calls through the SDK hit exactly the described method and path.
    await gateway.updateInvoice(invoice.id, { auto_advance: false, metadata: { a: "1" } }, { idempotencyKey: "r1" });
    await gateway.payInvoice(invoice.id, { idempotencyKey: "r2" });
    const open = fake.seed.invoice({ id: invoice.id, status: "open" });
    await gateway.markInvoiceUncollectible(open.id, { idempotencyKey: "r3" });
    await gateway.updateSubscription(
      subscriptionId,
      { pause_collection: { behavior: "keep_as_draft" } },
      { idempotencyKey: "r4" },
    );
    await gateway.cancelSubscription(subscriptionId, { idempotencyKey: "r5" });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(writes.map((w) => (w.sent ? "" : w.wouldSend)));
  });
});

describe("rate limiting", () => {
  it("keeps a burst of reads within the limiter's rate, counted by the server", async () => {
    const { invoice } = fake.seed.objects();
    const rate = 10;
    const limited = createStripeGateway(config, { limiter: createRateLimiter({ ratePerSecond: rate }) });

    const results = await Promise.all(Array.from({ length: 3 * rate }, () => limited.retrieveInvoice(invoice.id)));

    expect(results.every((r) => r?.id === invoice.id)).toBe(true);
    const arrivals = fake.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(3 * rate);
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
    const inWindow = (from: number) => arrivals.filter((t) => t >= from && t < from + 1000).length;
    // Any one-second window: at most the burst plus a second's refill.
    for (const t of arrivals) expect(inWindow(t)).toBeLessThanOrEqual(2 * rate + 1);
    // Once the initial burst is spent, a second holds the rate and no more (+2 for arrival jitter;
    // without the limiter all 30 would land in one window).
    const afterBurst = arrivals.slice(rate);
    for (const t of afterBurst) expect(inWindow(t)).toBeLessThanOrEqual(rate + 2);
  });
});

describe("requests on the wire", () => {
  it("paces and counts the SDK's own resend after a closed connection, which no call asked for", async () => {
    const { subscription } = fake.seed.objects();
    let acquired = 0;
    const base = createRateLimiter({ ratePerSecond: 10_000 });
    const counting = { ...base, acquire: () => ((acquired += 1), base.acquire()) };
    const watched = createStripeGateway(config, { limiter: counting });
    // The cancel reaches Stripe, its response is lost; the SDK resends the DELETE by itself, and
    // Stripe, which keeps no key for a DELETE, answers that the subscription no longer exists.
    fake.failNext({ method: "DELETE" }, { kind: "connection_reset", afterEffect: true });

    const outcome = await classified(watched.cancelSubscription(subscription!.id, { idempotencyKey: "k-cancel" }));

    expect(outcome).toMatchObject({ kind: "permanent", statusCode: 404, code: "resource_missing" });
    expect(fake.requests.map((r) => [r.method, r.status])).toEqual([
      ["DELETE", null],
      ["DELETE", 404],
    ]);
    expect(fake.effects()).toBe(1);
    expect(acquired).toBe(2);
    expect(watched.stats()).toMatchObject({ requests: 2, writes: { cancelSubscription: 1 } });
  });

  it("says when Stripe replayed the answer to an earlier request with the same key", async () => {
    const { invoice } = fake.seed.objects();
    const first = await gateway.updateInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: "k-twice" });
    const second = await gateway.updateInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: "k-twice" });
    expect([first.sent && first.replayed, second.sent && second.replayed]).toEqual([false, true]);
  });

  it("expands what a read asks for, in the same request", async () => {
    const { invoice, customer } = fake.seed.objects();
    const read = await gateway.retrieveInvoice(invoice.id, { expand: ["customer"] });
    expect(read?.customer).toMatchObject({ id: customer.id, object: "customer" });
    expect(fake.requests).toHaveLength(1);
  });
});

describe("faults, classified", () => {
  const faultCases: [string, StripeFault, Partial<StripeErrorClassification>][] = [
    [
      "a 429 rate limit",
      { kind: "rate_limit", retryAfterSeconds: 3 },
      { kind: "transient", statusCode: 429, retryAfterSeconds: 3 },
    ],
    [
      "a 429 with Stripe-Should-Retry: false",
      { kind: "rate_limit", shouldRetry: false },
      { kind: "permanent", statusCode: 429 },
    ],
    [
      "a 429 lock timeout",
      { kind: "rate_limit", code: "lock_timeout", shouldRetry: true },
      { kind: "transient", code: "lock_timeout" },
    ],
    ["a 500 before the endpoint ran", { kind: "api_error" }, { kind: "transient", statusCode: 500 }],
    ["a 503", { kind: "api_error", status: 503 }, { kind: "transient", statusCode: 503 }],
    ["a 409 conflict", { kind: "api_error", status: 409 }, { kind: "transient", statusCode: 409 }],
    [
      "a 500 stored under the key (replayed to retries)",
      { kind: "api_error", stored: true },
      { kind: "permanent", statusCode: 500 },
    ],
    [
      "a declined card",
      { kind: "card_declined", declineCode: "insufficient_funds" },
      { kind: "declined", statusCode: 402, code: "card_declined", declineCode: "insufficient_funds" },
    ],
  ];

  for (const [name, fault, expected] of faultCases) {
    it(`${name}: ${String(expected.kind)}`, async () => {
      const { invoice } = fake.seed.objects();
      fake.failNext({ method: "POST", path: "/v1/invoices/:id/pay" }, fault);
      const result = await classified(gateway.payInvoice(invoice.id, { idempotencyKey: `k-${name}` }));
      expect(result).toMatchObject(expected);
      expect(result.message.length).toBeGreaterThan(0);
    });
  }

  it("a decline keeps Stripe's message for the run's record", async () => {
    const { invoice } = fake.seed.objects();
    fake.declinePayments(invoice.id, { declineCode: "insufficient_funds" });
    const result = await classified(gateway.payInvoice(invoice.id, { idempotencyKey: "k-decline" }));
    expect(result).toMatchObject({ kind: "declined", statusCode: 402 });
    const response = fake.requests[0];
    expect(response?.status).toBe(402);
    expect(result.message).toMatch(/insufficient funds/i);
  });

  it("a request that times out: transient, and the retry with the same key acts once", async () => {
    const { invoice } = fake.seed.objects();
    const impatient = createStripeGateway(config, {
      client: createStripeClient(config, { timeoutMs: 250 }),
      limiter: freshLimiter(),
    });
    fake.failNext(
      { method: "POST", path: "/v1/invoices/:id/mark_uncollectible" },
      { kind: "timeout", afterEffect: true },
    );

    const result = await classified(impatient.markInvoiceUncollectible(invoice.id, { idempotencyKey: "k-timeout" }));
    expect(result).toMatchObject({ kind: "transient" });
    expect(result.message).toMatch(/timeout/);

    // The scheduler retries with the step's key: Stripe replays the stored result.
    const retried = await impatient.markInvoiceUncollectible(invoice.id, { idempotencyKey: "k-timeout" });
    expect(retried).toMatchObject({ sent: true, result: { status: "uncollectible" } });
    expect(fake.effects("k-timeout")).toBe(1);
  });

  it("a dropped connection: transient, never applied twice", async () => {
    const { invoice } = fake.seed.objects();
    // The SDK retries a reset connection once by itself (same key); a second reset reaches us.
    fake.failNext({ method: "POST", path: "/v1/invoices/:id" }, { kind: "connection_reset", afterEffect: true }, 2);

    const result = await classified(
      gateway.updateInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: "k-reset" }),
    );
    expect(result.kind).toBe("transient");
    expect(fake.requests.every((r) => r.idempotencyKey === "k-reset")).toBe(true);

    await gateway.updateInvoice(invoice.id, { auto_advance: false }, { idempotencyKey: "k-reset" });
    expect(fake.effects("k-reset")).toBe(1);
  });

  it("a refused connection: transient", async () => {
    const url = fake.url;
    await fake.close();
    const offline = createStripeGateway(parseConfig({ STRIPE_SECRET_KEY: "sk_test_123", STRIPE_API_BASE: url }), {
      limiter: freshLimiter(),
    });
    expect((await classified(offline.retrieveInvoice("in_1"))).kind).toBe("transient");
    fake = await startStripeServer(); // afterEach closes this one
  });

  it("a state error (marking a paid invoice uncollectible): permanent, with Stripe's message", async () => {
    const paid = fake.seed.invoice({ id: "in_paid", status: "paid" });
    const result = await classified(gateway.markInvoiceUncollectible(paid.id, { idempotencyKey: "k-paid" }));
    expect(result).toMatchObject({ kind: "permanent", statusCode: 400 });
    expect(result.message).toMatch(/only mark an open invoice as uncollectible/);
  });

  it("a write to a missing object: permanent (only reads turn 404 into null)", async () => {
    const result = await classified(gateway.payInvoice("in_missing", { idempotencyKey: "k-missing" }));
    expect(result).toMatchObject({ kind: "permanent", statusCode: 404, code: "resource_missing" });
  });

  it("a rejected API key: permanent", async () => {
    const strict = await startStripeServer({ apiKey: "sk_test_the_right_one" });
    try {
      const wrong = createStripeGateway(configFor(strict, { STRIPE_SECRET_KEY: "sk_test_the_wrong_one" }), {
        limiter: freshLimiter(),
      });
      const result = await classified(wrong.retrieveInvoice("in_1"));
      expect(result).toMatchObject({ kind: "permanent", statusCode: 401 });
    } finally {
      await strict.close();
    }
  });
});
