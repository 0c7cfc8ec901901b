import Stripe from "stripe";
import { beforeEach, describe, expect, it } from "vitest";
import { describeTrace } from "../../lib/events/describe-trace";
import type { MatchTrace } from "../../lib/rules/evaluate-automations";
import { BASIL_API_VERSION, LEGACY_API_VERSION, sampleIds } from "../../lib/samples/sample-events";
import { teamEmail } from "../support/automations";
import { harnessForThisFile } from "../support/harness";

// The subscription_metadata and decline conditions through the webhook route: where each fact is
// read (the payload, or one Stripe read per event), and what the trace says.

const h = harnessForThisFile();

async function traceOf(eventId: string): Promise<MatchTrace> {
  const response = await h.api("GET", `/api/events/${eventId}`);
  expect(response.status).toBe(200);
  const event = (await response.json()) as { evaluations: Array<{ trace: MatchTrace }> };
  expect(event.evaluations).toHaveLength(1);
  return event.evaluations[0]!.trace;
}

/** GET requests to the fake Stripe since `before` whose path starts with `prefix`. */
const readsSince = (before: number, prefix: string) =>
  h.stripe.requests.slice(before).filter((r) => r.method === "GET" && r.path.startsWith(prefix));

async function automations(trigger: string, byName: Array<[string, object]>): Promise<void> {
  for (const [name, condition] of byName) {
    await h.createAutomation({ name, trigger, conditions: [condition], steps: [teamEmail()] });
  }
}

const plan = (value: string) => ({ type: "subscription_metadata", key: "plan", value });

describe("subscription_metadata", () => {
  beforeEach(async () => {
    await automations("subscription_payment_failed", [
      ["Silver plan", plan("silver")],
      ["Gold plan", plan("gold")],
    ]);
  });

  it("reads a basil payload's parent.subscription_details.metadata, with no Stripe read", async () => {
    const ids = sampleIds();
    // The invoice's snapshot says gold; the subscription has been moved to silver since, in Stripe.
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", subscriptionMetadata: { plan: "silver" } });
    const event = h.event("invoice.payment_failed", {
      ...ids,
      apiVersion: BASIL_API_VERSION,
      subscriptionMetadata: { plan: "gold" },
    });
    expect(event.data.object).toMatchObject({ parent: { subscription_details: { metadata: { plan: "gold" } } } });
    const before = h.stripe.requests.length;

    const processed = await h.deliverAndProcess(event);

    expect(processed.outcome).toMatch(/started run .* of “Gold plan”/);
    expect(h.stripe.requests.slice(before)).toEqual([]);
    const trace = await traceOf(event.id);
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 0 });
    expect(describeTrace(trace, { currency: "usd" }).automations.map((a) => a.conditions[0]?.sentence)).toEqual([
      "✗ Subscription metadata plan = silver — failed: found “gold”",
      "✓ Subscription metadata plan = gold — passed: found “gold”",
    ]);
  });

  it("reads the subscription once for an older payload, which carries no snapshot", async () => {
    const before = h.stripe.requests.length;
    const { ids, processed, event } = await h.paymentFails({
      apiVersion: LEGACY_API_VERSION,
      subscriptionMetadata: { plan: "gold" },
    });

    expect(processed.outcome).toMatch(/of “Gold plan”/);
    expect(readsSince(before, "/v1/subscriptions/").map((r) => r.path)).toEqual([
      `/v1/subscriptions/${ids.subscriptionId}`,
    ]);
    expect((await traceOf(event.id)).stripeReads).toEqual({ customer: 0, subscription: 1 });
  });

  it("reads the canceled subscription itself on subscription_canceled", async () => {
    await automations("subscription_canceled", [["Gold leaves", plan("gold")]]);
    const ids = sampleIds();
    const before = h.stripe.requests.length;
    const event = h.event("customer.subscription.deleted", { ...ids, subscriptionMetadata: { plan: "gold" } });

    const processed = await h.deliverAndProcess(event);

    expect(processed.outcome).toMatch(/Subscription canceled: started run .* of “Gold leaves”/);
    expect(h.stripe.requests.slice(before)).toEqual([]);
  });
});

describe.each([
  { shape: "basil: the invoice names no PaymentIntent", apiVersion: BASIL_API_VERSION },
  { shape: "2020-03-02: the invoice names its PaymentIntent by id", apiVersion: LEGACY_API_VERSION },
])("decline ($shape)", ({ apiVersion }) => {
  /** A first attempt declined with `declineCode` by the fake Stripe, and the event it sends about it. */
  async function declined(declineCode: string) {
    const ids = sampleIds();
    const { invoice } = h.stripe.seed.objects({ ...ids, apiVersion });
    h.stripe.declinePayments(invoice.id, { declineCode });
    const error = await h.stripe
      .client()
      .invoices.pay(invoice.id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const effect = h.stripe.effectLog.at(-1)!;
    expect(effect.eventType).toBe("invoice.payment_failed");
    return { ids, event: h.stripe.eventFor(effect, { apiVersion }) };
  }

  it("a lost card is a hard decline: it falls through the soft automation to the hard one, read once", async () => {
    await automations("subscription_payment_failed", [
      ["Soft declines: keep retrying", { type: "decline", kind: "soft" }],
      ["Hard declines: stop retrying", { type: "decline", kind: "hard" }],
    ]);
    const { ids, event } = await declined("lost_card");
    if (apiVersion === LEGACY_API_VERSION) {
      expect(event.data.object.payment_intent).toMatch(/^pi_/);
    } else {
      expect(event.data.object).not.toHaveProperty("payment_intent");
    }
    const before = h.stripe.requests.length;

    const processed = await h.deliverAndProcess(event);

    expect(processed.outcome).toMatch(/Subscription payment failed: started run .* of “Hard declines: stop retrying”/);
    // Both automations asked; the invoice's payments were read once, and nothing else.
    const reads = h.stripe.requests.slice(before).filter((r) => r.method === "GET");
    expect(reads.map((r) => [r.path, r.query.expand])).toEqual([
      [`/v1/invoices/${ids.invoiceId}`, ["payments.data.payment.payment_intent", "payments.data.payment.charge"]],
    ]);
    const trace = await traceOf(event.id);
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 0, paymentFailure: 1 });
    const found = { code: "card_declined", declineCode: "lost_card", kind: "hard" };
    expect(trace.checked.map((c) => [c.name, c.matched, c.conditions[0]?.actual])).toEqual([
      ["Soft declines: keep retrying", false, found],
      ["Hard declines: stop retrying", true, found],
    ]);
    expect(describeTrace(trace, { currency: "usd" }).automations.map((a) => a.conditions[0]?.sentence)).toEqual([
      "✗ The last payment failure was a soft decline (a retry may succeed) — failed: found lost_card (hard)",
      "✓ The last payment failure was a hard decline (a retry cannot fix it) — passed: found lost_card (hard)",
    ]);
  });

  it("a soft decline matches the soft automation, and codes match exactly", async () => {
    await automations("subscription_payment_failed", [
      ["Lost or stolen", { type: "decline", codes: ["lost_card", "stolen_card"] }],
      ["Hard declines", { type: "decline", kind: "hard" }],
      ["Soft declines", { type: "decline", kind: "soft" }],
    ]);
    const { event } = await declined("insufficient_funds");

    const processed = await h.deliverAndProcess(event);

    expect(processed.outcome).toMatch(/of “Soft declines”/);
    const trace = await traceOf(event.id);
    expect(trace.checked.map((c) => c.matched)).toEqual([false, false, true]);
    expect(trace.stripeReads.paymentFailure).toBe(1);
    expect(describeTrace(trace, { currency: "usd" }).automations[0]?.conditions[0]?.sentence).toBe(
      "✗ The last payment failure was lost_card or stolen_card — failed: found insufficient_funds (soft)",
    );
  });
});

describe("decline: refused and warned as an invoice condition", () => {
  it("refuses a condition with both kind and codes, naming the field", async () => {
    const response = await h.api("POST", "/api/automations", {
      name: "Both",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "decline", kind: "hard", codes: ["lost_card"] }],
      steps: [teamEmail()],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: Array<{ path: string; message: string }> } };
    expect(body.error.issues).toEqual([
      {
        path: "conditions.0.codes",
        message: "set kind or codes, not both: kind matches every hard (or soft) decline, codes only those listed",
      },
    ]);
  });

  it("finds no payment failure on subscription_canceled: there is no invoice", async () => {
    await automations("subscription_canceled", [["Hard", { type: "decline", kind: "hard" }]]);
    const event = h.event("customer.subscription.deleted", sampleIds());
    const before = h.stripe.requests.length;

    const processed = await h.deliverAndProcess(event);

    expect(processed.outcome).toMatch(/No automation matched/);
    expect(h.stripe.requests.slice(before)).toEqual([]);
    expect((await traceOf(event.id)).checked[0]?.conditions[0]).toMatchObject({
      passed: false,
      unavailable: "no invoice on this trigger",
    });
  });
});
