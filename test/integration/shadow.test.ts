// An automation in shadow is checked on every event of its trigger beside the live order, records
// what it would have done, and acts on nothing: no run, no Stripe write, no email of its own.
import { describe, expect, it } from "vitest";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const writeOff = { type: "action", action: "mark_invoice_uncollectible" };
const teamEmail = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };

describe("automations in shadow", () => {
  it("record their verdict and steps beside the live one, and act on nothing", async () => {
    const live = await h.createAutomation({
      name: "Live: tell the team",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [teamEmail],
    });
    const shadow = await h.createAutomation({
      name: "Trying: write off large invoices",
      trigger: "subscription_payment_failed",
      shadow: true,
      conditions: [{ type: "invoice_amount", min: 10_000, max: null }],
      steps: [{ type: "delay", amount: 2, unit: "days" }, writeOff],
    });
    expect(((await (await h.api("GET", `/api/automations/${shadow.id}`)).json()) as { shadow: boolean }).shadow).toBe(
      true,
    );

    const large = await h.paymentFails({ amount: 50_000 });
    const small = await h.paymentFails({ amount: 500 });
    await h.tick();

    // The live automation ran for both; the shadow one started nothing and wrote nothing to Stripe.
    const runs = await h.database.db.run.findMany({ select: { automationId: true } });
    expect(runs.map((run) => run.automationId)).toEqual([live.id, live.id]);
    expect(h.stripe.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(h.smtp.messages).toHaveLength(2);

    const verdicts = await h.database.db.shadowEvaluation.findMany({ orderBy: { createdAt: "asc" } });
    expect(verdicts.map((row) => [row.eventId, row.automationId, row.matched])).toEqual([
      [large.event.id, shadow.id, true],
      [small.event.id, shadow.id, false],
    ]);
    expect(verdicts[0]!.steps).toEqual([
      {
        action: "mark_invoice_uncollectible",
        dueAt: new Date(large.event.created * 1000 + 2 * 86_400_000).toISOString(),
      },
    ]);
    const event = (await (await h.api("GET", `/api/events/${large.event.id}`)).json()) as {
      outcome: string;
      shadowEvaluations: Array<{ matched: boolean }>;
    };
    expect(event.outcome).toMatch(/shadow “Trying: write off large invoices” would have matched/);
    expect(event.shadowEvaluations).toEqual([expect.objectContaining({ matched: true })]);
  });

  it("are not held to what live steps need, and are when they go live", async () => {
    const closed = await h.createAutomation({
      name: "Needs a destination",
      trigger: "invoice_overdue",
      shadow: true,
      conditions: [],
      steps: [{ type: "action", action: "send_slack_message", params: { destination: "not-yet" } }],
    });
    const live = await h.api("PATCH", `/api/automations/${closed.id}`, { shadow: false });
    expect(live.status).toBe(400);
    const body = (await live.json()) as { error: { issues: Array<{ path: string }> } };
    expect(body.error.issues[0]?.path).toBe("steps.0.params.destination");
  });
});
