import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { startHarness, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  // No SMTP_URL either: dry-run records emails, so it needs no mail server.
  h = await startHarness({ dryRun: true, env: { SMTP_URL: "" } });
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

describe("dry-run sends nothing at all", () => {
  it("records each email and webhook on the step, rendered, and sends none (no SMTP_URL needed)", async () => {
    await h.reset();
    const received: string[] = [];
    const receiver = http.createServer((request, response) => {
      request.resume();
      received.push(String(request.url));
      response.end("ok");
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/due`;
    try {
      await h.createAutomation({
        name: "Remind and tell the team",
        trigger: "invoice_due_date_upcoming",
        conditions: [],
        steps: [
          { type: "action", action: "send_invoice_will_be_due_webhook", params: { url } },
          { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "Due soon" } },
        ],
      });
      const ids = sampleIds();
      const dueDate = h.clock.nowSeconds() + 3 * 86_400;
      await h.deliverAndProcess(h.event("invoice.finalized", { ...ids, collectionMethod: "send_invoice", dueDate }));
      h.clock.advanceDays(3);
      await h.tick();

      expect(received).toEqual([]);
      expect(h.smtp.messages).toEqual([]);
      const run = await h.runOf(ids.invoiceId, "position");
      expect(run.status).toBe("succeeded");
      const [webhook, email] = run.steps;
      expect(webhook).toMatchObject({ dryRun: true, status: "succeeded" });
      const recorded = webhook!.result as {
        dryRun: string;
        objectFrom: string;
        deliveries: Array<{ url: string; headers: Record<string, string>; body: string }>;
      };
      expect(recorded.dryRun).toBe(`would POST invoice.will_be_due to ${url}`);
      // The invoice as the last webhook showed it: dry-run reads nothing from Stripe.
      expect(recorded.objectFrom).toBe("webhook");
      expect(JSON.parse(recorded.deliveries[0]!.body)).toMatchObject({
        object: "event",
        type: "invoice.will_be_due",
        data: { object: { id: ids.invoiceId, object: "invoice" } },
      });
      expect(recorded.deliveries[0]!.headers["Stripe-Signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(email).toMatchObject({ dryRun: true, status: "succeeded" });
      expect(email!.result).toMatchObject({
        sent: false,
        dryRun: "would email ops@example.com",
        email: {
          to: ["ops@example.com"],
          subject: expect.stringMatching(/Remind and tell the team/),
          text: expect.stringContaining("Due soon"),
          html: expect.stringContaining("<html>"),
        },
      });
    } finally {
      receiver.close();
    }
  });

  it("still looks before acting: an invoice.paid that came before the failure ends the run it started", async () => {
    await h.reset();
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const ids = sampleIds();
    // Stripe does not deliver in order: the payment that fixed it arrives first.
    const failed = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    h.clock.advance(60_000);
    const paid = h.event("invoice.paid", ids);
    await h.deliverAndProcess(paid);
    await h.deliverAndProcess(failed);
    await h.tick();

    const run = await h.runOf(ids.invoiceId);
    expect(run).toMatchObject({ status: "terminated", statusReason: "invoice was paid (checked before acting)" });
    expect(run.steps[0]).toMatchObject({ status: "skipped" });
  });
});
