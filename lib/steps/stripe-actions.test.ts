// What each Stripe action does when Stripe's object is already in the state the action asks for, or
// has moved on: through the real SDK against the Stripe-compatible test server, which refuses such
// writes as Stripe does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import type { Engine } from "@/lib/engine/engine";
import { buildRunContext } from "@/lib/steps/run-context";
import { createStripeGateway } from "@/lib/stripe/gateway";
import { createRateLimiter } from "@/lib/stripe/rate-limiter";
import { startStripeServer, type FakeStripe } from "@/test/support/stripe-server";
import { cancelSubscription } from "./cancel-subscription";
import type { ActionContext, ActionDefinition } from "./definition";
import { markInvoiceUncollectible } from "./mark-invoice-uncollectible";
import { markSubscriptionUnpaid } from "./mark-subscription-unpaid";
import { retryPayment } from "./retry-payment";

let fake: FakeStripe;
let engine: Engine;
beforeAll(async () => {
  fake = await startStripeServer();
  const config = parseConfig({ STRIPE_SECRET_KEY: fake.apiKey, STRIPE_API_BASE: fake.url });
  const gateway = createStripeGateway(config, { limiter: createRateLimiter({ ratePerSecond: 10_000 }) });
  // The actions read nothing but the gateway and the clock.
  engine = { gateway, config, now: () => new Date() } as unknown as Engine;
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

let serial = 0;
function contextFor(
  objects: ReturnType<FakeStripe["seed"]["objects"]>,
  trigger = "subscription_payment_failed",
): ActionContext {
  serial += 1;
  const nothing = () => Promise.reject(new Error("not needed"));
  return {
    now: () => new Date(),
    gateway: engine.gateway,
    email: { send: nothing },
    webhooks: { eventId: (key) => key, deliver: nothing },
    http: { post: nothing },
    destinations: { find: nothing },
    lastSeen: nothing,
    dryRun: false,
    run: {
      id: `run_${serial}`,
      trigger,
      automationName: "test",
      context: buildRunContext("invoice", objects.invoice),
      dryRun: false,
      tookOverCollection: false,
    },
    step: { id: `step_${serial}`, key: "0", position: 0, dueAt: new Date(), firstAttemptAt: new Date() },
    settings: nothing,
    idempotencyKey: (operation) => `billing-automations:step_${serial}:${operation}`,
  };
}

const run = (action: ActionDefinition, ctx: ActionContext) =>
  action.execute(ctx, action.params.parse(action === retryPayment ? { attempt: 1, of: 1 } : {}));
const calls = () => fake.requests.map((r) => `${r.method} ${r.status}`);

describe("cancel_subscription", () => {
  it("on a subscription already canceled (a retried cancel): Stripe's 404, one read, the run ends as a cancel does", async () => {
    const objects = fake.seed.objects();
    fake.store.update(objects.subscription!.id, { status: "canceled", canceled_at: 1_767_225_600 });
    const outcome = await run(cancelSubscription, contextFor(objects));
    expect(outcome.result).toEqual({
      sent: true,
      alreadyDone: "the subscription was already canceled at 2026-01-01T00:00:00.000Z",
      stripeAnswered: `404 resource_missing: No such subscription: '${objects.subscription!.id}'`,
    });
    expect(outcome.endRun).toEqual({
      status: "succeeded",
      reason: "the subscription was canceled; the run stops here",
    });
    expect(calls()).toEqual(["DELETE 404", "GET 200"]);
  });

  it("on a subscription Stripe does not have: the refusal stands", async () => {
    const objects = fake.seed.objects();
    fake.store.delete(objects.subscription!.id);
    await expect(run(cancelSubscription, contextFor(objects))).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("retry_payment", () => {
  it("on an invoice already paid: recorded as paid already, the run terminated", async () => {
    const objects = fake.seed.objects();
    fake.store.update(objects.invoice.id, { status: "paid", status_transitions: { paid_at: 1_767_225_600 } });
    const outcome = await run(retryPayment, contextFor(objects));
    expect(outcome.result).toMatchObject({
      paid: true,
      alreadyDone: "the invoice was already paid at 2026-01-01T00:00:00.000Z",
      stripeAnswered: expect.stringMatching(/^400: Invoice is already paid/),
    });
    expect(outcome.endRun).toEqual({ status: "terminated", reason: "invoice was paid" });
  });

  it("on a voided invoice: the run terminated, nothing paid", async () => {
    const objects = fake.seed.objects();
    fake.store.update(objects.invoice.id, { status: "void" });
    const outcome = await run(retryPayment, contextFor(objects));
    expect(outcome.result).toMatchObject({ paid: false });
    expect(outcome.endRun?.reason).toMatch(/invoice was voided/);
  });
});

describe("mark_invoice_uncollectible", () => {
  it("on an invoice already uncollectible: done, and the run goes on (it took collection over)", async () => {
    const objects = fake.seed.objects();
    fake.store.update(objects.invoice.id, { status: "uncollectible", auto_advance: false });
    const outcome = await run(markInvoiceUncollectible, contextFor(objects));
    expect(outcome.result).toMatchObject({ alreadyDone: "the invoice was already uncollectible" });
    expect(outcome.endRun).toBeUndefined();
    expect(outcome.tookOverCollection).toBe(true);
  });

  it("on an invoice paid meanwhile: the run terminated", async () => {
    const objects = fake.seed.objects();
    fake.store.update(objects.invoice.id, { status: "paid" });
    const outcome = await run(markInvoiceUncollectible, contextFor(objects));
    expect(outcome.endRun).toEqual({ status: "terminated", reason: "invoice was paid (Stripe refused the write)" });
  });
});

describe("mark_subscription_unpaid", () => {
  it("twice: Stripe takes the same pause again, so the second is done as well", async () => {
    const objects = fake.seed.objects();
    await run(markSubscriptionUnpaid, contextFor(objects));
    const again = await run(markSubscriptionUnpaid, contextFor(objects));
    expect(again.result).toMatchObject({ pauseCollection: { sent: true }, autoAdvanceOff: { sent: true } });
    expect(fake.store.get(objects.subscription!.id)?.pause_collection).toEqual({
      behavior: "keep_as_draft",
      resumes_at: null,
    });
  });

  it("on a canceled subscription: the run terminated, saying so", async () => {
    const objects = fake.seed.objects();
    fake.store.update(objects.subscription!.id, { status: "canceled" });
    const outcome = await run(markSubscriptionUnpaid, contextFor(objects));
    expect(outcome.endRun?.reason).toMatch(/^the subscription was canceled/);
  });

  it("on an incomplete subscription (its first invoice unpaid): the run terminated with what Stripe allows", async () => {
    const objects = fake.seed.objects({ subscriptionStatus: "incomplete" });
    const outcome = await run(markSubscriptionUnpaid, contextFor(objects));
    expect(outcome.endRun?.reason).toMatch(/incomplete: until its first invoice is paid/);
    expect(calls()).toEqual(["POST 400", "GET 200"]);
  });
});
