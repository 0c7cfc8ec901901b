// Backtests: stored events replayed against a set of automations — the live set, a new order, an
// unsaved draft — beside what actually happened, and nothing done: no run, no evaluation, no
// Stripe write, no email.
import { describe, expect, it } from "vitest";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

interface Backtest {
  results: Array<{
    eventId: string;
    trigger: string;
    objectId: string;
    actual: { automationId: string | null };
    simulated: { automationId: string | null; name?: string; steps: Array<{ action: string; dueAt: string }> };
    changed: boolean;
    amount: number | null;
  }>;
  summary: {
    events: number;
    changed: number;
    byAutomation: Record<string, number>;
    amountAtStake: { currency: string; matched: number; changed: number };
    stripeReads: { customer: number; subscription: number; paymentFailure: number };
  };
}

type Issues = { error: { issues: Array<{ path: string; message: string }> } };

const enterprise = { type: "invoice_metadata", key: "segment", value: "enterprise" };
const teamEmail = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };
const writeOff = { type: "action", action: "mark_invoice_uncollectible" };

async function simulate(body: object): Promise<Backtest> {
  const response = await h.api("POST", "/api/simulations", body);
  const answer = (await response.json()) as Backtest;
  expect(response.status, JSON.stringify(answer)).toBe(200);
  return answer;
}

/** Two automations on payment failures and three failures: one enterprise invoice, two others. */
async function history() {
  const vip = await h.createAutomation({
    name: "Enterprise",
    trigger: "subscription_payment_failed",
    conditions: [enterprise],
    steps: [teamEmail],
  });
  const everyone = await h.createAutomation({
    name: "Everyone",
    trigger: "subscription_payment_failed",
    conditions: [],
    steps: [{ type: "delay", amount: 3, unit: "days" }, writeOff],
  });
  const failures = [
    await h.paymentFails({ invoiceMetadata: { segment: "enterprise" }, amount: 50_000 }),
    await h.paymentFails({ amount: 2_000 }),
    await h.paymentFails({ amount: 3_000 }),
  ];
  return { vip, everyone, failures };
}

async function sideEffects() {
  const db = h.database.db;
  return {
    runs: await db.run.count(),
    evaluations: await db.evaluation.count(),
    stripeWrites: h.stripe.requests.filter((request) => request.method !== "GET").length,
    mail: h.smtp.messages.length,
  };
}

describe("POST /api/simulations", () => {
  it("replays the live set as it is: every event lands where it did", async () => {
    const { vip, everyone, failures } = await history();
    const before = await sideEffects();
    const answer = await simulate({});
    expect(answer.summary).toMatchObject({ events: 3, changed: 0, byAutomation: { [vip.id]: 1, [everyone.id]: 2 } });
    const first = answer.results.find((result) => result.objectId === failures[0]!.ids.invoiceId)!;
    expect(first).toMatchObject({
      trigger: "subscription_payment_failed",
      actual: { automationId: vip.id },
      simulated: { automationId: vip.id, name: "Enterprise", steps: [{ action: "send_team_email" }] },
      changed: false,
      amount: 50_000,
    });
    expect(await sideEffects()).toEqual(before);
  });

  it("shows what a new priority order would change, and the amount at stake", async () => {
    const { vip, everyone, failures } = await history();
    const answer = await simulate({ automations: [{ id: everyone.id }, { id: vip.id }] });
    expect(answer.summary).toMatchObject({
      changed: 1,
      byAutomation: { [everyone.id]: 3 },
      amountAtStake: { currency: "usd", matched: 55_000, changed: 50_000 },
    });
    const moved = answer.results.find((result) => result.changed)!;
    expect(moved).toMatchObject({
      objectId: failures[0]!.ids.invoiceId,
      actual: { automationId: vip.id },
      simulated: { automationId: everyone.id },
    });
    // Timed from the event, as a run would be: the write-off three days after the failure.
    const [step] = moved.simulated.steps;
    const failedAt = failures[0]!.event.created * 1000;
    expect(step).toEqual({
      action: "mark_invoice_uncollectible",
      dueAt: new Date(failedAt + 3 * 86_400_000).toISOString(),
    });
  });

  it("tries an unsaved draft in the live order, and an edit of a saved automation in its place", async () => {
    const { vip, everyone } = await history();
    const draft = {
      name: "Large invoices",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "invoice_amount", min: 2_500, max: null }],
      steps: [writeOff],
    };
    const answer = await simulate({ automations: [{ id: vip.id }, draft, { id: everyone.id }] });
    expect(answer.summary.byAutomation).toEqual({ [vip.id]: 1, "Large invoices": 1, [everyone.id]: 1 });
    expect(answer.summary.changed).toBe(1);

    const edited = {
      id: vip.id,
      name: "Enterprise",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [teamEmail],
    };
    const widened = await simulate({ automations: [edited, { id: everyone.id }] });
    expect(widened.summary).toMatchObject({ changed: 2, byAutomation: { [vip.id]: 3 } });
  });

  it("reads from Stripe only the facts the payloads lack, with GETs, and counts each read", async () => {
    await h.createAutomation({
      name: "Hard declines",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "decline", kind: "hard" }],
      steps: [writeOff],
    });
    await h.paymentFails();
    await h.paymentFails();
    const before = h.stripe.requests.length;
    const answer = await simulate({});
    const made = h.stripe.requests.slice(before);
    // The decline is on the invoice's payments, which no payload carries: one read per invoice.
    expect(answer.summary.stripeReads).toEqual({ customer: 0, subscription: 0, paymentFailure: 2 });
    expect(made).toHaveLength(2);
    expect(made.every((request) => request.method === "GET" && request.path.startsWith("/v1/invoices/"))).toBe(true);
  });

  it("refuses bad input with a 400 naming the field, and replays nothing", async () => {
    const refusal = async (body: object) => {
      const response = await h.api("POST", "/api/simulations", body);
      expect(response.status).toBe(400);
      return ((await response.json()) as Issues).error.issues;
    };
    expect(await refusal({ eventIds: ["evt_nope"] })).toEqual([
      { path: "eventIds.0", message: "no stored event has the id evt_nope" },
    ]);
    expect(
      await refusal({ automations: [{ name: "", trigger: "invoice_finalized", conditions: [], steps: [] }] }),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ path: "automations.0.name" })]));
    expect(await refusal({ automations: [{ id: "no-such-automation" }] })).toEqual([
      { path: "automations.0.id", message: "no automation has the id no-such-automation" },
    ]);
    expect(await refusal({ from: "2026-01-01T00:00:00Z", to: "2026-06-01T00:00:00Z" })).toEqual([
      { path: "from", message: expect.stringMatching(/longer than 92 days/) },
    ]);
    expect(await refusal({ from: "yesterday" })).toEqual([
      { path: "from", message: expect.stringMatching(/ISO 8601/) },
    ]);
    expect(await refusal({ eventIds: ["evt_a"], from: "2026-11-01T00:00:00Z" })).toEqual([
      expect.objectContaining({ path: "eventIds", message: "give eventIds or a window (from, to), not both" }),
    ]);
  });
});
