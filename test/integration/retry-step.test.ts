import { describe, expect, it } from "vitest";
import { retryStep } from "../../lib/runs/retry-step";
import { SYSTEM } from "../../lib/auth/actor";
import { harnessForThisFile, type Harness } from "../support/harness";

const h = harnessForThisFile();

const stepAt = (run: Awaited<ReturnType<Harness["runOf"]>>, key: string) => run.steps.find((step) => step.key === key)!;

describe("retrying a failed step", () => {
  it("puts a permanently failed cancel_subscription back, and the run succeeds once the subscription exists again", async () => {
    await h.createAutomation({
      name: "Cancel",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "cancel_subscription" }],
    });
    const { ids, reseed } = await h.paymentFails();
    h.stripe.store.delete(ids.subscriptionId);
    await h.tick();
    let run = await h.runOf(ids.invoiceId, "position");
    expect(run.status).toBe("failed");
    const failed = stepAt(run, "0");
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 1,
      error: expect.stringMatching(/No such subscription/i),
    });

    reseed();
    h.clock.advance(60_000);
    const retried = await retryStep(h.engine.db, SYSTEM, { stepId: failed.id, now: h.clock.now() });
    expect(retried).toMatchObject({ status: "running", statusReason: null, endedAt: null });
    const pending = retried.steps.find((step) => step.id === failed.id)!;
    expect(pending).toMatchObject({ status: "pending", error: null, startedAt: null, finishedAt: null, attempts: 1 });
    expect(pending.dueAt.getTime()).toBe(h.clock.nowMs());

    await h.tick();
    run = await h.runOf(ids.invoiceId, "position");
    expect(run.status).toBe("succeeded");
    expect(run.statusReason).toMatch(/subscription was canceled/);
    expect(stepAt(run, "0")).toMatchObject({ status: "succeeded", attempts: 2, error: null });
    expect(h.stripe.store.get(ids.subscriptionId)!.status).toBe("canceled");
    // The person's retry is a new try: Stripe must run it afresh, not replay the stored failure.
    const keys = h.stripe.requests
      .filter((request) => request.method === "DELETE" && request.path === `/v1/subscriptions/${ids.subscriptionId}`)
      .map((request) => request.idempotencyKey);
    expect(keys).toEqual([
      `billing-automations:${failed.id}:cancel`,
      `billing-automations:${failed.id}:cancel:retry-1`,
    ]);
  });

  it("makes the steps the failure skipped pending again: past due times become now, later ones keep theirs", async () => {
    await h.createAutomation({
      name: "Unpaid, alert, write off",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "action", action: "mark_subscription_unpaid" },
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const { ids, reseed } = await h.paymentFails();
    h.stripe.store.delete(ids.subscriptionId);
    await h.tick();
    let run = await h.runOf(ids.invoiceId, "position");
    expect(run.status).toBe("failed");
    expect(run.steps.map((step) => [step.key, step.status])).toEqual([
      ["0", "failed"],
      ["1", "skipped"],
      ["3", "skipped"],
    ]);
    const writeOffDue = stepAt(run, "3").dueAt.getTime();

    reseed();
    h.clock.advanceDays(1);
    await retryStep(h.engine.db, SYSTEM, { stepId: stepAt(run, "0").id, now: h.clock.now() });
    run = await h.runOf(ids.invoiceId, "position");
    expect(run).toMatchObject({ status: "running", statusReason: null, endedAt: null });
    expect(run.steps.map((step) => [step.key, step.status])).toEqual([
      ["0", "pending"],
      ["1", "pending"],
      ["3", "pending"],
    ]);
    expect(stepAt(run, "1").dueAt.getTime()).toBe(h.clock.nowMs());
    expect(stepAt(run, "1").finishedAt).toBeNull();
    expect(stepAt(run, "3").dueAt.getTime()).toBe(writeOffDue);

    await h.tick(); // the retried step
    await h.tick(); // the email, which waited for it
    run = await h.runOf(ids.invoiceId, "position");
    expect(run.steps.map((step) => step.status)).toEqual(["succeeded", "succeeded", "pending"]);
    await h.smtp.waitFor((message) => message.to.includes("ops@example.com"), { timeoutMs: 5000 });

    h.clock.advanceDays(2);
    await h.tick();
    run = await h.runOf(ids.invoiceId, "position");
    expect(run.status).toBe("succeeded");
    expect(h.stripe.store.get(ids.invoiceId)!.status).toBe("uncollectible");
  });

  it("a step that fails again fails its run again, and can be retried again", async () => {
    await h.createAutomation({
      name: "Cancel",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "cancel_subscription" }],
    });
    const { ids } = await h.paymentFails();
    h.stripe.store.delete(ids.subscriptionId);
    await h.tick();
    const stepId = stepAt(await h.runOf(ids.invoiceId, "position"), "0").id;
    for (const attempts of [2, 3]) {
      await retryStep(h.engine.db, SYSTEM, { stepId, now: h.clock.now() });
      await h.tick();
      const run = await h.runOf(ids.invoiceId, "position");
      expect(run.status).toBe("failed");
      expect(stepAt(run, "0")).toMatchObject({ status: "failed", attempts });
    }
  });

  it("refuses a step that is not failed, a run that is not failed, and a step that does not exist", async () => {
    await h.createAutomation({
      name: "Write off",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
    });
    const { ids } = await h.paymentFails();
    const pending = stepAt(await h.runOf(ids.invoiceId, "position"), "0");
    await expect(retryStep(h.engine.db, SYSTEM, { stepId: pending.id, now: h.clock.now() })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/step 1 \(.*\) is pending: only a failed step can be retried/),
    });
    await h.tick();
    const succeeded = stepAt(await h.runOf(ids.invoiceId, "position"), "0");
    expect(succeeded.status).toBe("succeeded");
    await expect(retryStep(h.engine.db, SYSTEM, { stepId: succeeded.id, now: h.clock.now() })).rejects.toMatchObject({
      code: "conflict",
    });

    // A failed step whose run has since ended otherwise (canceled by a person, say) stays as it is.
    await h.database.db.runStep.update({ where: { id: succeeded.id }, data: { status: "failed" } });
    await h.database.db.run.update({ where: { id: succeeded.runId }, data: { status: "canceled" } });
    await expect(retryStep(h.engine.db, SYSTEM, { stepId: succeeded.id, now: h.clock.now() })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/is canceled: a step can be retried only while its run is failed/),
    });

    await expect(retryStep(h.engine.db, SYSTEM, { stepId: "no-such-step", now: h.clock.now() })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("two people retrying at once: one wins, the other is told the run changed", async () => {
    await h.createAutomation({
      name: "Cancel",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "cancel_subscription" }],
    });
    const { ids } = await h.paymentFails();
    h.stripe.store.delete(ids.subscriptionId);
    await h.tick();
    const stepId = stepAt(await h.runOf(ids.invoiceId, "position"), "0").id;
    const results = await Promise.allSettled([
      retryStep(h.engine.db, SYSTEM, { stepId, now: h.clock.now() }),
      retryStep(h.engine.db, SYSTEM, { stepId, now: h.clock.now() }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "conflict" });
    expect((await h.runOf(ids.invoiceId, "position")).status).toBe("running");
  });
});
