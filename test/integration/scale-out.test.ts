import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { startHarness, type Harness } from "../support/harness";

// A web instance started with RUN_WORKER=false (scale-out, beside `npm run worker`) only stores
// what Stripe sends; the workers' tick matches it.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { RUN_WORKER: "false" } });
});
afterAll(async () => {
  await h.close();
});

describe("a web instance without a worker", () => {
  it("stores and answers, and leaves matching to the next tick, which drains a backlog of any size", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const events = Array.from({ length: 120 }, () => {
      const ids = sampleIds();
      h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
      return h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    });
    for (const event of events) expect((await h.deliver(event)).status).toBe(200);
    // Give a (wrongly) scheduled after-response processing every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await h.database.db.event.count({ where: { status: "pending" } })).toBe(120);
    expect(await h.database.db.run.count()).toBe(0);

    await h.tick();
    expect(await h.database.db.event.count({ where: { status: "processed" } })).toBe(120);
    expect(await h.database.db.run.count({ where: { status: "succeeded" } })).toBe(120);
  });
});
