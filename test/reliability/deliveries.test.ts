import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BASIL_API_VERSION, LEGACY_API_VERSION, sampleIds } from "../../lib/samples/sample-events";
import { recordFigures } from "../support/figures";
import { startHarness, type Harness } from "../support/harness";

// Stripe delivers at least once, in any order, for days, sometimes twice at the same moment, in
// the payload shape of the endpoint's API version. Each case ends in exactly one correct outcome.
let h: Harness;
const counts = { sent: 0, stored: 0, duplicates: 0, ignored: 0, runs: 0 };
beforeAll(async () => {
  h = await startHarness();
});
beforeEach(async () => {
  await h.reset();
  await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
});
afterAll(async () => {
  recordFigures("deliveries", "deliveries", {
    title: "redeliveries, concurrent deliveries, out-of-order pairs, unknown types, old API versions",
    database: "PostgreSQL",
    figures: {
      "events sent": counts.sent,
      "stored once": counts.stored,
      "duplicates refused": counts.duplicates,
      "acknowledged, not stored (unknown types)": counts.ignored,
      "runs started": counts.runs,
    },
  });
  await h.close();
});

/** Delivers and tallies what the route said; every answer must be a 2xx. */
async function send(event: { id: string }) {
  counts.sent++;
  const response = await h.deliver(event);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { status: string };
  if (body.status === "stored") counts.stored++;
  else if (body.status === "duplicate") counts.duplicates++;
  else if (body.status === "ignored") counts.ignored++;
  return body.status;
}

async function settle() {
  // Pending events (the route's after-response processing may still be running) are finished by
  // the worker's sweep; a tick also runs every due step.
  for (let i = 0; i < 50; i++) {
    const pending = await h.database.db.event.count({ where: { status: "pending" } });
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await h.tick();
  counts.runs += await h.database.db.run.count();
}

const writeOffs = (invoiceId: string) =>
  h.stripe.requests.filter((r) => r.method === "POST" && r.path === `/v1/invoices/${invoiceId}/mark_uncollectible`);

describe("deliveries", () => {
  it("the same event 5 times, one after another: stored once, 4 duplicates counted, one run, one write-off", async () => {
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    const event = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await send(event));
    expect(statuses).toEqual(["stored", "duplicate", "duplicate", "duplicate", "duplicate"]);
    await settle();
    const stored = await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored.duplicateDeliveries).toBe(4);
    expect(await h.database.db.run.count()).toBe(1);
    expect(writeOffs(ids.invoiceId)).toHaveLength(1);
  });

  it("the same event 5 times at once: stored once, one run", async () => {
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    const event = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => send(event)));
    expect(statuses.filter((status) => status === "stored")).toHaveLength(1);
    expect(statuses.filter((status) => status === "duplicate")).toHaveLength(4);
    await settle();
    expect(await h.database.db.event.count()).toBe(1);
    expect(await h.database.db.run.count()).toBe(1);
    expect(writeOffs(ids.invoiceId)).toHaveLength(1);
  });

  it("5 different events for the same trigger and invoice at once (Stripe's retries of a retry): one run", async () => {
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    const events = Array.from({ length: 5 }, () => h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }));
    await Promise.all(events.map((event) => send(event)));
    await settle();
    expect(await h.database.db.event.count()).toBe(5);
    expect(await h.database.db.run.count()).toBe(1);
    expect(await h.database.db.evaluation.count()).toBe(1);
    expect(await h.database.db.outcome.count()).toBe(1);
    expect(writeOffs(ids.invoiceId)).toHaveLength(1);
  });

  it("invoice.paid before invoice.payment_failed: the run that starts acts on nothing, it ends as paid", async () => {
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.paid" });
    await send(h.event("invoice.paid", { ...ids }));
    await send(h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }));
    await settle();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.statusReason).toMatch(/paid/);
    expect(writeOffs(ids.invoiceId)).toHaveLength(0);
    // The payment came after the failure in Stripe's time, whatever the order of delivery.
    expect(await h.database.db.outcome.findFirstOrThrow({ where: { invoiceId: ids.invoiceId } })).toMatchObject({
      status: "recovered",
    });
  });

  it("invoice.paid and invoice.payment_failed at the same moment, 20 times: every outcome recovered, once", async () => {
    const all = Array.from({ length: 20 }, () => sampleIds());
    await Promise.all(
      all.map(async (ids) => {
        h.stripe.seed.objects({ ...ids, eventType: "invoice.paid" });
        const failed = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
        await Promise.all([send(h.event("invoice.paid", { ...ids })), send(failed)]);
      }),
    );
    await settle();
    const outcomes = await h.database.db.outcome.findMany({ select: { invoiceId: true, status: true } });
    expect(outcomes).toHaveLength(20);
    expect(outcomes.filter((outcome) => outcome.status !== "recovered")).toEqual([]);
  });

  it("a payment failure arriving after the run already ended: no second run", async () => {
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    await send(h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }));
    await settle();
    expect((await h.runOf(ids.invoiceId)).status).toBe("succeeded");
    await send(h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }));
    await settle();
    expect(await h.database.db.run.count()).toBe(1);
    expect(writeOffs(ids.invoiceId)).toHaveLength(1);
  });

  it("event types the engine does not use: acknowledged with 200, not stored, nothing started", async () => {
    const ids = sampleIds();
    for (const type of ["charge.succeeded", "customer.created", "payment_intent.created", "v2.core.event"]) {
      const event = { ...h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }), type };
      expect(await send(event)).toBe("ignored");
    }
    await settle();
    expect(await h.database.db.event.count()).toBe(0);
    expect(await h.database.db.run.count()).toBe(0);
  });

  it.each([
    ["2020-03-02 (invoice.subscription)", LEGACY_API_VERSION],
    ["2022-11-15", "2022-11-15"],
    ["2025-03-31.basil (parent.subscription_details)", BASIL_API_VERSION],
  ])("a payload of API version %s starts the run on the right subscription", async (_label, apiVersion) => {
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    await send(h.event("invoice.payment_failed", { ...ids, attemptCount: 1, apiVersion }));
    await settle();
    const run = await h.runOf(ids.invoiceId);
    expect(run.subscriptionId).toBe(ids.subscriptionId);
    expect(run.status).toBe("succeeded");
    expect(writeOffs(ids.invoiceId)).toHaveLength(1);
  });
});
