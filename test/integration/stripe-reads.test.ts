import { describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const email = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };
const reads = (prefix: string) =>
  h.stripe.requests.filter((r) => r.method === "GET" && r.path.startsWith(prefix)).length;

describe("the overdue check's read of the invoice", () => {
  it("expands the customer and the subscription, so conditions on them need no read of their own", async () => {
    await h.api("POST", "/api/automations", {
      name: "enterprise, yearly",
      trigger: "invoice_overdue",
      conditions: [
        { type: "customer_metadata", key: "segment", value: "enterprise" },
        { type: "subscription_interval", interval: "year" },
      ],
      steps: [email],
    });
    const ids = sampleIds();
    const dueDate = h.clock.nowSeconds() + 86_400;
    const options = { ...ids, collectionMethod: "send_invoice" as const, dueDate, interval: "year" as const };
    h.stripe.seed.objects({ ...options, customerMetadata: { segment: "enterprise" } });
    await h.deliverAndProcess(h.event("invoice.finalized", options));
    h.clock.advanceDays(2);
    const before = h.stripe.requests.length;
    await h.tick();

    const run = await h.database.db.run.findFirstOrThrow({ where: { trigger: "invoice_overdue" } });
    expect(run.objectId).toBe(ids.invoiceId);
    const made = h.stripe.requests.slice(before).filter((r) => r.method === "GET");
    // One read for the check (customer and subscription embedded) — plus the step's look before acting.
    expect(made[0]).toMatchObject({
      path: `/v1/invoices/${ids.invoiceId}`,
      query: { expand: ["customer", "parent.subscription_details.subscription"] },
    });
    expect(made.filter((r) => r.path.startsWith("/v1/customers/") || r.path.startsWith("/v1/subscriptions/"))).toEqual(
      [],
    );
  });
});

describe("Stripe reads while matching", () => {
  it("reads the customer once even when two automations ask for its metadata", async () => {
    for (const value of ["enterprise", "startup"]) {
      await h.api("POST", "/api/automations", {
        name: value,
        trigger: "subscription_payment_failed",
        conditions: [{ type: "customer_metadata", key: "segment", value }],
        steps: [email],
      });
    }
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, customerMetadata: { segment: "startup" }, eventType: "invoice.payment_failed" });
    const before = reads("/v1/customers/");
    const processed = await h.deliverAndProcess(h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }));
    expect(processed.outcome).toMatch(/“startup”/);
    expect(reads("/v1/customers/") - before).toBe(1);
  });

  it("reads nothing when the payload carries every fact the conditions need", async () => {
    await h.api("POST", "/api/automations", {
      name: "payload only",
      trigger: "subscription_payment_failed",
      conditions: [
        { type: "invoice_metadata", key: "region", value: "eu" },
        { type: "invoice_amount", min: 1000, max: null },
        { type: "product", products: ["prod_X"] },
      ],
      steps: [email],
    });
    const before = h.stripe.requests.length;
    const processed = await h.deliverAndProcess(
      h.event("invoice.payment_failed", {
        ...sampleIds(),
        attemptCount: 1,
        invoiceMetadata: { region: "eu" },
        productIds: ["prod_X"],
      }),
    );
    expect(processed.outcome).toMatch(/started run/);
    expect(h.stripe.requests.length).toBe(before);
  });

  it("answers the webhook without waiting for Stripe: a stalled read delays matching, not the answer", async () => {
    await h.api("POST", "/api/automations", {
      name: "needs the customer",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "customer_metadata", key: "segment", value: "enterprise" }],
      steps: [email],
    });
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, customerMetadata: { segment: "enterprise" }, eventType: "invoice.payment_failed" });
    const stall = h.stripe.failNext({ method: "GET", path: "/v1/customers/:id" }, { kind: "timeout" });
    const event = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    const response = await h.deliver(event);
    expect(response.status).toBe(200);
    // The answer came back while the customer read is still held by the server.
    await h.stripe.waitForRequest((r) => r.path === `/v1/customers/${ids.customerId}`, { timeoutMs: 5000 });
    expect(stall.hits).toBe(1);
    expect((await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("pending");
    // Stripe goes away: the read fails, and the event stays pending, with the error, for a worker to retry.
    await h.stripe.close();
    for (let i = 0; i < 500; i++) {
      const stored = await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } });
      if (stored.error) {
        expect(stored.status).toBe("pending");
        expect(stored.lockedUntil!.getTime()).toBeGreaterThan(h.clock.nowMs());
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("the failed read was never recorded on the event");
  });
});
