import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { startHarness, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ dryRun: true });
});
afterAll(async () => {
  await h.close();
});

describe("dry-run mode (no STRIPE_SECRET_KEY)", () => {
  it("runs every step but records each Stripe write instead of sending it, and says so", async () => {
    const created = await h.api("POST", "/api/automations", {
      name: "Dunning",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "customer_metadata", key: "segment", value: "enterprise" }],
      steps: [
        { type: "action", action: "mark_invoice_uncollectible" },
        { type: "action", action: "cancel_subscription" },
      ],
    });
    expect(created.status).toBe(201);
    await h.api("POST", "/api/automations", {
      name: "Fallback",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "action", action: "mark_invoice_uncollectible" },
        { type: "action", action: "cancel_subscription" },
      ],
    });
    const ids = sampleIds();
    const event = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    await h.deliverAndProcess(event);
    await h.tick();

    expect(h.stripe.requests).toHaveLength(0);
    const run = await h.database.db.run.findFirstOrThrow({ include: { steps: { orderBy: { position: "asc" } } } });
    expect(run.dryRun).toBe(true);
    expect(run.status).toBe("succeeded");
    expect(run.steps.map((step) => [step.dryRun, (step.result as { dryRun: string }).dryRun])).toEqual([
      [true, `would POST /v1/invoices/${ids.invoiceId}/mark_uncollectible`],
      [true, `would DELETE /v1/subscriptions/${ids.subscriptionId}`],
    ]);

    // The customer's metadata needs Stripe: unavailable in the trace, so the first automation fails over.
    const evaluation = await h.database.db.evaluation.findFirstOrThrow({ where: { eventId: event.id } });
    const trace = evaluation.trace as { checked: Array<{ name: string; conditions: Array<{ unavailable?: string }> }> };
    expect(trace.checked[0]!.conditions[0]!.unavailable).toMatch(/dry-run/);
    expect(trace.checked[1]!.name).toBe("Fallback");
  });
});
