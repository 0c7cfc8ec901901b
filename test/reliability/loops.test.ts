import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures";
import { startHarness, type Harness } from "../support/harness";

// Actions whose effects come back as Stripe events: the engine recognises its own calls by their
// idempotency key, lets them start at most one more run (of another trigger), and stops any deeper
// chain with an error on the run instead of acting.
let h: Harness;
const figures = { "engine-caused events delivered": 0, "runs they started": 0, "chains stopped": 0, rounds: 0 };
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  recordFigures("loops", "chain", {
    title: "engine-caused events fed back until nothing new happens",
    database: "PostgreSQL",
    figures,
  });
  await h.close();
});

const TEAM_EMAIL = { action: "send_team_email", params: { to: ["ops@example.com"] } };

describe("loops", () => {
  it("feeds every effect of a run back as Stripe's event until nothing new happens: one follow-on run, no loop", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible", "cancel_subscription"]);
    await h.automateAtOnce("subscription_canceled", [TEAM_EMAIL]);
    const { ids } = await h.paymentFails();
    const first = await h.runOf(ids.invoiceId);

    let delivered = 0;
    let round = 0;
    for (; round < 10; round++) {
      await h.tick();
      const fresh = h.stripe.effectLog.slice(delivered);
      if (fresh.length === 0) break;
      delivered += fresh.length;
      for (const effect of fresh) {
        const event = h.stripe.eventFor(effect);
        expect(event.request?.idempotency_key).toMatch(/^billing-automations:/);
        await h.deliverAndProcess(event);
        figures["engine-caused events delivered"]++;
      }
    }
    figures.rounds = round;
    expect(round).toBeLessThan(10);

    const runs = await h.database.db.run.findMany({ orderBy: { createdAt: "asc" } });
    figures["runs they started"] = runs.length - 1;
    expect(runs.map((run) => [run.trigger, run.chainDepth, run.causedByRunId])).toEqual([
      ["subscription_payment_failed", 0, null],
      ["subscription_canceled", 1, first.id],
    ]);
    // The run's own changes (invoice written off, subscription canceled) did not end it early.
    expect(runs.map((run) => run.status)).toEqual(["succeeded", "succeeded"]);
    await h.smtp.waitFor((mail) => mail.to.includes("ops@example.com"));
    expect(h.smtp.messages).toHaveLength(1);
  });

  it("stops a chain deeper than one level with an error on the run, before any step acts", async () => {
    await h.reset();
    await h.automateAtOnce("subscription_payment_failed", ["cancel_subscription"]);
    await h.automateAtOnce("subscription_canceled", [TEAM_EMAIL]);
    const { ids } = await h.paymentFails();
    await h.tick();
    const cancel = h.stripe.effectLog.find(
      (effect) => effect.eventType === "customer.subscription.deleted" && effect.object.id === ids.subscriptionId,
    )!;
    await h.deliverAndProcess(h.stripe.eventFor(cancel));
    const followOn = await h.runOf(ids.subscriptionId!);
    expect(followOn.chainDepth).toBe(1);

    // An event a run at depth 1 caused: no action of today's set can cause one that starts a run,
    // so it is made by hand, as a future action (or an outgoing webhook's receiver) could.
    const again = await h.paymentFails({
      idempotencyKey: `billing-automations:${followOn.steps[0]!.id}:hypothetical`,
    });
    expect(again.processed.outcome).toMatch(/stopped: chain too deep/);
    figures["chains stopped"]++;
    const stopped = await h.runOf(again.ids.invoiceId);
    expect(stopped).toMatchObject({ status: "failed", chainDepth: 2, causedByRunId: followOn.id });
    expect(stopped.statusReason).toMatch(/chain deeper than 1 level/);
    expect(stopped.steps.map((step) => step.status)).toEqual(["skipped"]);

    const writesBefore = h.stripe.requests.filter((request) => request.method !== "GET").length;
    await h.tick();
    const writesAfter = h.stripe.requests.filter((request) => request.method !== "GET").length;
    expect(writesAfter - writesBefore).toBe(0);
    expect(h.stripe.store.get(again.ids.subscriptionId!)!.status).not.toBe("canceled");
  });
});
