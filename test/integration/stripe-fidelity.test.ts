// Stripe as it really answers, through the whole engine on both databases: a cancel retried after
// its response was lost, and a subscription's first invoice, which belongs to an incomplete
// subscription.
import { describe, expect, it } from "vitest";
import { SUBSCRIPTION_CREATE_NOTE } from "../../lib/events/classify-event";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

describe("a cancel whose response was lost", () => {
  it("meets 404 on the SDK's own resend, reads the subscription, and ends the run as canceled — once", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["cancel_subscription"]);
    const { ids } = await h.paymentFails();
    h.stripe.failNext(
      { method: "DELETE", path: "/v1/subscriptions/:id" },
      { kind: "connection_reset", afterEffect: true },
    );

    await h.tick();

    const run = await h.runOf(ids.invoiceId);
    expect(run).toMatchObject({
      status: "succeeded",
      statusReason: "the subscription was canceled; the run stops here",
    });
    expect(run.steps[0]).toMatchObject({
      status: "succeeded",
      attempts: 1,
      result: expect.objectContaining({ alreadyDone: expect.stringMatching(/already canceled/) }),
    });
    expect(h.stripe.effectLog.filter((effect) => effect.eventType === "customer.subscription.deleted")).toHaveLength(1);
  });
});

describe("a subscription's first invoice (billing_reason subscription_create)", () => {
  it("starts no subscription_payment_failed run, and says why", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_subscription_unpaid"]);
    const ids = sampleIds();
    h.stripe.seed.objects({
      ...ids,
      eventType: "invoice.payment_failed",
      attemptCount: 1,
      subscriptionStatus: "incomplete",
    });
    const event = h.event("invoice.payment_failed", { ...ids, attemptCount: 1, subscriptionStatus: "incomplete" });
    event.data.object.billing_reason = "subscription_create";

    const processed = await h.deliverAndProcess(event);

    expect(processed).toEqual({ status: "processed", outcome: SUBSCRIPTION_CREATE_NOTE });
    expect(await h.database.db.run.count()).toBe(0);
    expect(await h.database.db.evaluation.count()).toBe(0);
  });

  it("a renewal of the same subscription (subscription_cycle) still starts one", async () => {
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    const { processed } = await h.paymentFails();
    expect(processed.outcome).toMatch(/^Subscription payment failed: started run/);
  });
});
