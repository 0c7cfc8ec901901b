import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleIds, LEGACY_API_VERSION, BASIL_API_VERSION } from "../../lib/samples/sample-events";
import { startHarness, TEST_WEBHOOK_SECRET, waitForProcessed, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const teamEmail = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };

describe("POST /api/webhooks/stripe", () => {
  beforeEach(async () => {
    await h.reset();
  });

  it("refuses a missing, wrong or stale signature with 400 and stores nothing", async () => {
    const event = h.event("invoice.finalized", sampleIds());
    const body = JSON.stringify(event);
    const noSignature = await (await import("../support/routes")).call("POST", "/api/webhooks/stripe", { body });
    expect(noSignature.status).toBe(400);
    expect((await h.deliver(event, { secret: "whsec_wrong" })).status).toBe(400);
    expect((await h.deliver(event, { timestamp: h.clock.nowSeconds() - 3600 })).status).toBe(400);
    // A valid signature over a different body.
    const changed = await h.deliver(event, { body: body.replace('"livemode":false', '"livemode":true') });
    expect(changed.status).toBe(200);
    await waitForProcessed(h.engine, event.id);
    const forged = await (
      await import("../support/routes")
    ).call("POST", "/api/webhooks/stripe", {
      body: body.replace("invoice.finalized", "invoice.voided"),
      headers: {
        "stripe-signature": (await import("../../lib/samples/sample-events")).signStripePayload(
          body,
          TEST_WEBHOOK_SECRET,
          h.clock.nowSeconds(),
        ),
      },
    });
    expect(forged.status).toBe(400);
    const error = (await forged.json()) as { error: { message: string } };
    expect(error.error.message).toMatch(/signature/i);
    expect(await h.database.db.event.count()).toBe(1);
  });

  it("refuses a signed body that is not a Stripe event with 400", async () => {
    const response = await h.deliver({}, { body: '{"id": "nope"' });
    expect(response.status).toBe(400);
    const notEvent = await h.deliver({ hello: "world" });
    expect(notEvent.status).toBe(400);
    expect(((await notEvent.json()) as { error: { issues: unknown[] } }).error.issues.length).toBeGreaterThan(0);
    expect(await h.database.db.event.count()).toBe(0);
  });

  it("acknowledges event types the engine does not use without storing them", async () => {
    const event = { ...h.event("invoice.finalized", sampleIds()), type: "customer.created" };
    const response = await h.deliver(event);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("ignored");
    expect(await h.database.db.event.count()).toBe(0);
  });

  it("stores each event once: a redelivery answers 2xx and changes nothing", async () => {
    await h.createAutomation({
      name: "Any failure",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [teamEmail],
    });
    const event = h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1 });
    await h.deliverAndProcess(event);
    const again = await h.deliver(event);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe("duplicate");
    const concurrent = await Promise.all([h.deliver(event), h.deliver(event), h.deliver(event)]);
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
    const stored = await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored.duplicateDeliveries).toBe(4);
    expect(await h.database.db.run.count()).toBe(1);
  });

  it("starts at most one run per trigger and object, even from two different events", async () => {
    await h.createAutomation({
      name: "Any failure",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [teamEmail],
    });
    const ids = sampleIds();
    const first = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    const second = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    await Promise.all([h.deliverAndProcess(first), h.deliverAndProcess(second)]);
    expect(await h.database.db.run.count()).toBe(1);
    expect(await h.database.db.evaluation.count()).toBe(1);
  });

  it("starts subscription_payment_failed only on the first failed attempt of a subscription invoice", async () => {
    await h.createAutomation({
      name: "Any failure",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [teamEmail],
    });
    const second = await h.deliverAndProcess(h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 2 }));
    expect(second.outcome).toMatch(/only the first failed attempt/);
    const oneOff = await h.deliverAndProcess(
      h.event("invoice.payment_failed", { ...sampleIds(), subscriptionId: null, attemptCount: 1 }),
    );
    expect(oneOff.outcome).toMatch(/does not belong to a subscription/);
    expect(await h.database.db.run.count()).toBe(0);
  });

  it.each([
    ["before 2025-03-31", LEGACY_API_VERSION],
    ["basil and later", BASIL_API_VERSION],
  ])("reads the subscription and products of a payload shaped %s", async (_label, apiVersion) => {
    await h.createAutomation({
      name: "Product A failures",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "product", products: ["prod_A"] }],
      steps: [teamEmail],
    });
    const event = h.event("invoice.payment_failed", {
      ...sampleIds(),
      attemptCount: 1,
      apiVersion,
      productIds: ["prod_A"],
    });
    const processed = await h.deliverAndProcess(event);
    expect(processed.outcome).toMatch(/started run/);
    const run = await h.database.db.run.findFirstOrThrow();
    expect(run.subscriptionId).toBe(
      event.data.object.parent
        ? (event.data.object.parent as { subscription_details: { subscription: string } }).subscription_details
            .subscription
        : event.data.object.subscription,
    );
  });

  it("fires invoice_finalized for every finalized invoice, and the due-date trigger and overdue check only for send_invoice", async () => {
    await h.createAutomation({ name: "Finalized", trigger: "invoice_finalized", conditions: [], steps: [teamEmail] });
    await h.createAutomation({
      name: "Reminder",
      trigger: "invoice_due_date_upcoming",
      conditions: [],
      steps: [
        { type: "delay", amount: -7, unit: "days", from: "due_date" },
        { type: "action", action: "send_invoice_will_be_due_webhook", params: { url: "http://127.0.0.1:9/hook" } },
      ],
    });
    const dueDate = h.clock.nowSeconds() + 30 * 86_400;
    const sendInvoice = h.event("invoice.finalized", { ...sampleIds(), collectionMethod: "send_invoice", dueDate });
    await h.deliverAndProcess(sendInvoice);
    const charge = h.event("invoice.finalized", { ...sampleIds(), collectionMethod: "charge_automatically" });
    await h.deliverAndProcess(charge);

    const runs = await h.database.db.run.findMany({ include: { steps: true } });
    expect(
      runs.map((run) => `${run.trigger}:${run.objectId === sendInvoice.data.object.id ? "send" : "charge"}`).sort(),
    ).toEqual(["invoice_due_date_upcoming:send", "invoice_finalized:charge", "invoice_finalized:send"]);
    const reminder = runs.find((run) => run.trigger === "invoice_due_date_upcoming")!;
    expect(reminder.steps[0]!.dueAt.getTime()).toBe((dueDate - 7 * 86_400) * 1000);
    const jobs = await h.database.db.job.findMany();
    expect(jobs.map((job) => job.key)).toEqual([`overdue:${sendInvoice.data.object.id}`]);
    expect(jobs[0]!.runAt.getTime()).toBe(dueDate * 1000);
  });

  it("moves the reminder's steps and the overdue check when invoice.updated moves the due date", async () => {
    await h.createAutomation({
      name: "Reminder",
      trigger: "invoice_due_date_upcoming",
      conditions: [],
      steps: [
        { type: "delay", amount: -3, unit: "days", from: "due_date" },
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
      ],
    });
    const ids = sampleIds();
    const dueDate = h.clock.nowSeconds() + 30 * 86_400;
    await h.deliverAndProcess(h.event("invoice.finalized", { ...ids, collectionMethod: "send_invoice", dueDate }));
    const newDue = dueDate + 10 * 86_400;
    await h.deliverAndProcess(
      h.event("invoice.updated", {
        ...ids,
        collectionMethod: "send_invoice",
        dueDate: newDue,
        invoiceStatus: "open",
        previousAttributes: { due_date: dueDate },
      }),
    );
    const step = await h.database.db.runStep.findFirstOrThrow();
    expect(step.dueAt.getTime()).toBe((newDue - 3 * 86_400) * 1000);
    const job = await h.database.db.job.findFirstOrThrow();
    expect(job.runAt.getTime()).toBe(newDue * 1000);
  });

  it("synthesizes the overdue trigger at the due date from a fresh read of the invoice", async () => {
    await h.createAutomation({ name: "Overdue alert", trigger: "invoice_overdue", conditions: [], steps: [teamEmail] });
    const dueDate = h.clock.nowSeconds() + 5 * 86_400;
    const open = sampleIds();
    const paidMeanwhile = sampleIds();
    for (const ids of [open, paidMeanwhile]) {
      h.stripe.seed.objects({ ...ids, collectionMethod: "send_invoice", dueDate });
      await h.deliverAndProcess(h.event("invoice.finalized", { ...ids, collectionMethod: "send_invoice", dueDate }));
    }
    // Paid in Stripe, but the invoice.paid event never arrived: the fresh read must see it.
    h.stripe.store.update(paidMeanwhile.invoiceId, { status: "paid" });

    await h.tick();
    expect(await h.database.db.run.count()).toBe(0); // not due yet

    h.clock.advanceDays(5);
    await h.tick();
    const runs = await h.database.db.run.findMany();
    expect(runs.map((run) => [run.trigger, run.objectId])).toEqual([["invoice_overdue", open.invoiceId]]);
    const synthesized = await h.database.db.event.findUniqueOrThrow({
      where: { id: `evt_engine_overdue_${open.invoiceId}` },
    });
    expect(synthesized.source).toBe("engine");
    // Stripe's own invoice.overdue for the same invoice later starts nothing more.
    await h.deliverAndProcess(h.event("invoice.overdue", { ...open, collectionMethod: "send_invoice", dueDate }));
    expect(await h.database.db.run.count()).toBe(1);
  });
});
