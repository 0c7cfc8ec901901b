import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import Stripe from "stripe";
import { STRIPE_API_VERSION } from "../../lib/stripe/client";
import { annualDunning } from "../support/automations";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const writes = () => h.stripe.requests.filter((request) => request.method !== "GET");

describe("runs: steps on their due times, through the worker", () => {
  it("executes the dunning recipe: retries on its schedule, waits, writes off, cancels — each write keyed by its step", async () => {
    await h.createAutomation(annualDunning());
    const { ids } = await h.paymentFails({ interval: "year" });
    h.stripe.declinePayments(ids.invoiceId);
    const before = writes().length;

    await h.tick();
    let run = await h.runOf(ids.invoiceId);
    expect(run.tookOverCollection).toBe(true);
    const autoAdvanceOff = writes()[before]!;
    expect(autoAdvanceOff.path).toBe(`/v1/invoices/${ids.invoiceId}`);
    expect(autoAdvanceOff.body.auto_advance).toBe("false");
    expect(autoAdvanceOff.idempotencyKey).toBe(`billing-automations:${run.steps[0]!.id}:auto-advance-off`);
    expect(run.steps.map((step) => step.key)).toEqual(["0", "0.retry-1", "0.retry-2", "2", "3"]);

    // Stripe reports the auto_advance change the run itself made: it must not end the run.
    const own = h.event("invoice.updated", {
      ...ids,
      autoAdvance: false,
      previousAttributes: { auto_advance: true },
      idempotencyKey: autoAdvanceOff.idempotencyKey,
    });
    expect((await h.deliverAndProcess(own)).outcome).toMatch(/engine's own call/);

    h.clock.advanceDays(1);
    await h.tick();
    h.clock.advanceDays(2);
    await h.tick();
    run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("running");
    expect(run.steps.filter((step) => step.action === "retry_payment").map((step) => step.result)).toEqual([
      expect.objectContaining({ paid: false, declined: expect.any(String) }),
      expect.objectContaining({ paid: false }),
    ]);

    h.clock.advanceDays(4);
    await h.tick();
    run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("succeeded");
    expect(run.statusReason).toMatch(/subscription was canceled/);
    expect(h.stripe.store.get(ids.invoiceId)!.status).toBe("uncollectible");
    expect(h.stripe.store.get(ids.subscriptionId!)!.status).toBe("canceled");
    for (const request of writes().slice(before)) {
      expect(request.idempotencyKey).toMatch(/^billing-automations:[a-z0-9]+:[a-z-]+$/);
    }
    // Canceling the subscription makes Stripe send customer.subscription.deleted, caused by the run:
    // it may start the cancellation automation (one level down the chain), and nothing more.
    await h.createAutomation({
      name: "Goodbye",
      trigger: "subscription_canceled",
      conditions: [],
      steps: [{ type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } }],
    });
    const cancelKey = writes().find((request) => request.method === "DELETE")!.idempotencyKey!;
    await h.deliverAndProcess(h.event("customer.subscription.deleted", { ...ids, idempotencyKey: cancelKey }));
    const followOn = await h.runOf(ids.subscriptionId!);
    expect(followOn).toMatchObject({ status: "running", causedByRunId: run.id, chainDepth: 1 });
    expect(await h.database.db.run.count()).toBe(2);
  });

  it("a successful retry ends the run as terminated: the invoice is paid", async () => {
    await h.createAutomation({
      name: "Retry",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "action", action: "set_retry_policy", params: { retries: [{ amount: 1, unit: "hours" }] } },
        { type: "delay", amount: 2, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const { ids } = await h.paymentFails();
    await h.tick();
    h.clock.advance(3_600_000);
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.statusReason).toMatch(/paid by retry 1/);
    expect(run.steps.find((step) => step.key === "2")!.status).toBe("canceled");
  });

  it("marks the subscription unpaid the only way Stripe allows: pause collection as drafts, auto_advance off", async () => {
    await h.createAutomation({
      name: "Unpaid",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "mark_subscription_unpaid" }],
    });
    const { ids } = await h.paymentFails();
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("succeeded");
    expect(h.stripe.store.get(ids.subscriptionId!)!.pause_collection).toMatchObject({ behavior: "keep_as_draft" });
    expect(h.stripe.store.get(ids.invoiceId)!.auto_advance).toBe(false);
    expect(JSON.stringify(run.steps[0]!.result)).toMatch(/cannot set the unpaid status/);
  });

  it("ends a run without acting when invoice.paid arrives before a step is due", async () => {
    await h.createAutomation({
      name: "Write off",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const { ids } = await h.paymentFails();
    const paid = await h.deliverAndProcess(h.event("invoice.paid", ids));
    expect(paid.outcome).toMatch(/terminated 1 run/);
    h.clock.advanceDays(3);
    const before = writes().length;
    await h.tick();
    expect(writes().length).toBe(before);
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.steps[0]!.status).toBe("canceled");
  });

  it("writes off in one request: a payment Stripe has not yet told of is refused by Stripe, read once, and ends the run", async () => {
    await h.createAutomation({
      name: "Write off",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "delay", amount: 1, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const { ids } = await h.paymentFails();
    h.stripe.store.update(ids.invoiceId, { status: "paid" });
    h.clock.advanceDays(1);
    const before = h.stripe.requests.length;
    await h.tick();
    const requests = h.stripe.requests.slice(before).map((request) => `${request.method} ${request.status}`);
    // The write, refused (400), then the one read that says why: no read before it.
    expect(requests).toEqual(["POST 400", "GET 200"]);
    expect(h.stripe.store.get(ids.invoiceId)!.status).toBe("paid");
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.statusReason).toMatch(/paid \(Stripe refused the write\)/);
  });

  it("writes off an open invoice with exactly one request", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const { ids } = await h.paymentFails();
    const before = h.stripe.requests.length;
    await h.tick();
    expect(h.stripe.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /v1/invoices/${ids.invoiceId}/mark_uncollectible`,
    ]);
    expect((await h.runOf(ids.invoiceId)).status).toBe("succeeded");
  });

  it("ends a write-off run on a payment whose event arrived before the one that started the run, asking Stripe nothing", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    // Stripe sent invoice.paid a second after the failure; it arrives first.
    const failed = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    h.clock.advance(1000);
    await h.deliverAndProcess(h.event("invoice.paid", ids));
    await h.deliverAndProcess(failed);
    const before = h.stripe.requests.length;
    await h.tick();
    expect(h.stripe.requests.slice(before)).toEqual([]);
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.statusReason).toMatch(/paid \(checked before acting\)/);
  });

  it("reads the invoice from Stripe before canceling, which Stripe would not refuse: paid without an event, nothing is canceled", async () => {
    await h.createAutomation({
      name: "Cancel later",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "delay", amount: 1, unit: "days" },
        { type: "action", action: "cancel_subscription" },
      ],
    });
    const { ids } = await h.paymentFails();
    h.stripe.store.update(ids.invoiceId, { status: "paid" });
    h.clock.advanceDays(1);
    const before = writes().length;
    await h.tick();
    expect(writes().length).toBe(before);
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.statusReason).toMatch(/paid \(checked before acting\)/);
  });

  it("auto_advance turned off by someone else ends the run", async () => {
    await h.createAutomation({
      name: "Later",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "delay", amount: 1, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const { ids } = await h.paymentFails();
    const outcome = await h.deliverAndProcess(
      h.event("invoice.updated", { ...ids, autoAdvance: false, previousAttributes: { auto_advance: true } }),
    );
    expect(outcome.outcome).toMatch(/auto_advance was turned off: terminated 1 run/);
  });

  it("retries a transient Stripe failure with backoff and the same key, then succeeds", async () => {
    await h.createAutomation({
      name: "Write off",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "mark_invoice_uncollectible" }],
    });
    const { ids } = await h.paymentFails();
    h.stripe.failNext({ method: "POST", path: "/v1/invoices/:id/mark_uncollectible" }, { kind: "api_error" });
    await h.tick();
    let run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("running");
    expect(run.steps[0]!.status).toBe("pending");
    expect(run.steps[0]!.error).toMatch(/will retry/);
    expect(run.steps[0]!.dueAt.getTime()).toBeGreaterThan(h.clock.nowMs());
    h.clock.advance(15 * 60_000);
    await h.tick();
    run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("succeeded");
    expect(run.steps[0]!.attempts).toBe(2);
    const keys = h.stripe.requests
      .filter((r) => r.path === `/v1/invoices/${ids.invoiceId}/mark_uncollectible`)
      .map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(h.stripe.effects(keys[0]!)).toBe(1);
  });

  it("a permanent Stripe failure fails the step and the run, keeping Stripe's message", async () => {
    await h.createAutomation({
      name: "Cancel",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "action", action: "cancel_subscription" },
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
      ],
    });
    const { ids } = await h.paymentFails();
    h.stripe.store.delete(ids.subscriptionId!);
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("failed");
    expect(run.steps[0]!.status).toBe("failed");
    expect(run.steps[0]!.error).toMatch(/No such subscription/i);
    expect(run.steps[1]!.status).toBe("skipped");
  });

  it("sends the team email and the cancellation email through SMTP", async () => {
    await h.createAutomation({
      name: "Alert",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        {
          type: "action",
          action: "send_team_email",
          params: { to: ["ops@example.com", "cfo@example.com"], memo: "High value failure <check>" },
        },
      ],
    });
    await h.createAutomation({
      name: "Goodbye",
      trigger: "subscription_canceled",
      conditions: [],
      steps: [
        { type: "action", action: "send_cancellation_email", params: { surveyUrl: "https://example.com/survey" } },
      ],
    });
    const { ids } = await h.paymentFails({ amount: 120_000 });
    h.stripe.store.update(ids.customerId, { email: "customer@example.com", name: "Ada" });
    await h.deliverAndProcess(h.event("customer.subscription.deleted", ids));
    await h.tick();
    const team = await h.smtp.waitFor((m) => m.to.includes("ops@example.com"), { timeoutMs: 5000 });
    expect(team.to).toEqual(expect.arrayContaining(["ops@example.com", "cfo@example.com"]));
    expect(team.text).toContain("High value failure <check>");
    const goodbye = await h.smtp.waitFor((m) => m.to.includes("customer@example.com"), { timeoutMs: 5000 });
    expect(goodbye.text).toContain("https://example.com/survey");
    const step = (await h.runOf(ids.invoiceId)).steps[0]!;
    expect(team.messageId).toBe((step.result as { messageId: string }).messageId);
  });

  it("sends invoice.will_be_due on the due-date schedule: a Stripe Event of the invoice as Stripe returns it, signed with the endpoint's own secret", async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ body, signature: String(request.headers["stripe-signature"]) });
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    try {
      await h.createAutomation({
        name: "Reminder",
        trigger: "invoice_due_date_upcoming",
        conditions: [],
        steps: [
          { type: "delay", amount: -2, unit: "days", from: "due_date" },
          { type: "action", action: "send_invoice_will_be_due_webhook", params: { url } },
        ],
      });
      const ids = sampleIds();
      const dueDate = h.clock.nowSeconds() + 5 * 86_400;
      h.stripe.seed.objects({ ...ids, collectionMethod: "send_invoice", dueDate });
      await h.deliverAndProcess(h.event("invoice.finalized", { ...ids, collectionMethod: "send_invoice", dueDate }));
      await h.tick();
      expect(received).toHaveLength(0);
      h.clock.advanceDays(3);
      await h.tick();
      expect(received).toHaveLength(1);
      const { body, signature } = received[0]!;
      // The secret Settings shows for this endpoint: generated when the automation was saved.
      const { secret } = await h.database.db.webhookEndpoint.findUniqueOrThrow({ where: { url } });
      expect(secret).toMatch(/^whsec_/);
      // The receiver's own Stripe code takes it unchanged (the test clock sits days ahead of the wall's).
      const event = new Stripe("sk_test_receiver").webhooks.constructEvent(body, signature, secret, 10 * 365 * 86_400);
      expect(event).toMatchObject({
        object: "event",
        type: "invoice.will_be_due",
        api_version: STRIPE_API_VERSION,
        livemode: false,
        data: { object: h.stripe.store.get(ids.invoiceId) },
      });
    } finally {
      server.close();
    }
  });
});
