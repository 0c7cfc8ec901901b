import { describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const logged = () => JSON.stringify(h.logs);

describe("the logs: every failure says why, with the ids to find it, and no secret", () => {
  it("logs a failed step with its run, step, automation and reason, the Stripe key it echoed masked", async () => {
    const automation = await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const { ids } = await h.paymentFails();
    h.stripe.failNext(
      { method: "POST", path: "/v1/invoices/:id/mark_uncollectible" },
      { kind: "api_error", message: `Request from ${h.stripe.apiKey} could not be completed` },
    );

    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    const step = run.steps[0]!;
    const line = h.logs.find((entry) => entry.level === "warn" && entry.stepId === step.id);
    expect(line).toMatchObject({
      runId: run.id,
      automationId: automation.id,
      action: "mark_invoice_uncollectible",
      objectId: ids.invoiceId,
      attempt: 1,
      kind: "transient",
      msg: expect.stringMatching(/step failed; will retry: Request from sk_test_…rver could not be completed/),
    });
    expect(logged()).not.toContain(h.stripe.apiKey);
    // The step keeps the masked reason too: it is shown in the UI.
    expect(step.error).toContain("sk_test_…rver");
    expect(step.error).not.toContain(h.stripe.apiKey);
  });

  it("logs a step that fails for good as an error, and the run's failure with it", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const { ids } = await h.paymentFails();
    h.stripe.store.update(ids.invoiceId, { status: "void" });
    h.stripe.failNext({ method: "GET" }, { kind: "api_error", status: 400, message: "Invalid id" });

    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("failed");
    expect(h.logs.find((entry) => entry.level === "error" && entry.runId === run.id)).toMatchObject({
      stepId: run.steps[0]!.id,
      msg: expect.stringMatching(/the run fails: Invalid id/),
    });
  });

  it("logs a refused delivery with its status, reason and the event id the body claims", async () => {
    const event = h.event("invoice.finalized", sampleIds());
    const response = await h.deliver(event, { secret: "whsec_not_the_one" });
    expect(response.status).toBe(400);
    expect(h.logs.find((entry) => entry.level === "warn")).toMatchObject({
      status: 400,
      eventId: event.id,
      eventType: "invoice.finalized",
      reason: expect.stringMatching(/invalid Stripe signature/),
    });
  });
});
