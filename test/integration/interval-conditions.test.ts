import { describe, expect, it } from "vitest";
import { describeTrace } from "../../lib/events/describe-trace";
import type { MatchTrace } from "../../lib/rules/evaluate-automations";
import { BASIL_API_VERSION, LEGACY_API_VERSION, type BillingInterval } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

// The subscription_interval condition through the webhook route: a condition names an exact billing
// period (interval × intervalCount, month × 12 counting as a year), read from the invoice's lines
// on 2020-03-02 payloads and from the subscription in Stripe on basil ones, which carry neither.

const h = harnessForThisFile();

const email = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };

/** Monthly, then yearly, then quarterly: a quarterly subscription must fall through the first two. */
async function createIntervalAutomations(): Promise<void> {
  for (const [name, condition] of [
    ["Monthly", { interval: "month" }],
    ["Yearly", { interval: "year" }],
    ["Quarterly", { interval: "month", intervalCount: 3 }],
  ] as const) {
    await h.createAutomation({
      name,
      trigger: "subscription_payment_failed",
      conditions: [{ type: "subscription_interval", ...condition }],
      steps: [email],
    });
  }
}

async function traceOf(eventId: string): Promise<MatchTrace> {
  const response = await h.api("GET", `/api/events/${eventId}`);
  expect(response.status).toBe(200);
  const event = (await response.json()) as { evaluations: Array<{ trace: MatchTrace }> };
  expect(event.evaluations).toHaveLength(1);
  return event.evaluations[0]!.trace;
}

/** A failed payment of a fresh subscription billed every `intervalCount` `interval`s, in `apiVersion`'s shape. */
async function paymentFails(apiVersion: string, interval: BillingInterval, intervalCount: number) {
  const before = h.stripe.requests.length;
  const failed = await h.paymentFails({ apiVersion, interval, intervalCount });
  const reads = h.stripe.requests
    .slice(before)
    .filter((r) => r.method === "GET" && r.path === `/v1/subscriptions/${failed.ids.subscriptionId}`).length;
  return { ...failed, subscriptionReadsWhileMatching: reads, trace: await traceOf(failed.event.id) };
}

describe.each([
  { shape: "2020-03-02: the lines carry the price", apiVersion: LEGACY_API_VERSION, reads: 0 },
  { shape: "basil: the subscription is read from Stripe", apiVersion: BASIL_API_VERSION, reads: 1 },
])("subscription_interval conditions ($shape)", ({ apiVersion, reads }) => {
  it("a quarterly subscription's failed payment is not monthly: it falls through to month × 3", async () => {
    await createIntervalAutomations();
    const { processed, trace, ids, subscriptionReadsWhileMatching } = await paymentFails(apiVersion, "month", 3);

    expect(processed.outcome).toMatch(/started run .* of “Quarterly”/);
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("running");
    expect(subscriptionReadsWhileMatching).toBe(reads);

    const found = { interval: "month", intervalCount: 3 };
    expect(trace.checked.map((checked) => [checked.name, checked.matched, checked.conditions[0]?.actual])).toEqual([
      ["Monthly", false, found],
      ["Yearly", false, found],
      ["Quarterly", true, found],
    ]);
    expect(trace.checked.map((checked) => checked.conditions[0]?.expected)).toEqual([
      { interval: "month", intervalCount: 1 },
      { interval: "year", intervalCount: 1 },
      { interval: "month", intervalCount: 3 },
    ]);
    // The event page's words, from the trace as stored.
    const described = describeTrace(trace, { currency: "usd" });
    expect(described.automations.map((automation) => automation.conditions[0]?.sentence)).toEqual([
      "✗ Subscription is billed monthly — failed: found every 3 months",
      "✗ Subscription is billed yearly — failed: found every 3 months",
      "✓ Subscription is billed every 3 months — passed: found every 3 months",
    ]);
  });

  it("a price billed every 12 months matches yearly", async () => {
    await createIntervalAutomations();
    const { processed, trace } = await paymentFails(apiVersion, "month", 12);

    expect(processed.outcome).toMatch(/of “Yearly”/);
    expect(trace.checked.map((checked) => [checked.name, checked.matched])).toEqual([
      ["Monthly", false],
      ["Yearly", true],
    ]);
    expect(describeTrace(trace, { currency: "usd" }).automations[1]?.conditions[0]?.sentence).toBe(
      "✓ Subscription is billed yearly — passed: found yearly (every 12 months)",
    );
  });

  it("monthly and yearly prices still match the contract's { interval } conditions", async () => {
    await createIntervalAutomations();
    expect((await paymentFails(apiVersion, "month", 1)).processed.outcome).toMatch(/of “Monthly”/);
    expect((await paymentFails(apiVersion, "year", 1)).processed.outcome).toMatch(/of “Yearly”/);
    const weekly = await paymentFails(apiVersion, "week", 1);
    expect(weekly.processed.outcome).toMatch(/No automation matched/);
    expect(weekly.trace.checked.map((checked) => checked.conditions[0]?.actual)).toEqual([
      { interval: "week", intervalCount: 1 },
      { interval: "week", intervalCount: 1 },
      { interval: "week", intervalCount: 1 },
    ]);
  });
});

describe("subscription_interval conditions: both payload shapes agree", () => {
  it("gives the same winner and the same trace for every period, whichever shape Stripe sends", async () => {
    await createIntervalAutomations();
    const periods: Array<[BillingInterval, number]> = [
      ["month", 1],
      ["month", 3],
      ["month", 12],
      ["year", 1],
      ["month", 6],
    ];
    for (const [interval, count] of periods) {
      const legacy = await paymentFails(LEGACY_API_VERSION, interval, count);
      const basil = await paymentFails(BASIL_API_VERSION, interval, count);
      expect(basil.processed.outcome?.replace(/run \S+/, "run …")).toBe(
        legacy.processed.outcome?.replace(/run \S+/, "run …"),
      );
      expect(basil.trace.checked).toEqual(legacy.trace.checked);
      expect(basil.trace.stripeReads).toEqual({ customer: 0, subscription: 1 });
      expect(legacy.trace.stripeReads).toEqual({ customer: 0, subscription: 0 });
    }
  });

  it("refuses an interval count Stripe cannot bill, naming the field", async () => {
    const response = await h.api("POST", "/api/automations", {
      name: "Every 0 months",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "subscription_interval", interval: "month", intervalCount: 0 }],
      steps: [email],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: Array<{ path: string; message: string }> } };
    expect(body.error.issues).toEqual([
      {
        path: "conditions.0.intervalCount",
        message: "intervalCount must be a whole number of 1 or more (e.g. 3 with month: quarterly), or left out for 1",
      },
    ]);
  });
});
