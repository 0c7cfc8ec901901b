// "Run for…": an automation started by a person for one invoice — previewed on the test clock with
// nothing started, then started now, recorded as started by hand, and still one run per trigger and object.
import { describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const writeOffLater = {
  name: "Write off in a week",
  trigger: "subscription_payment_failed",
  conditions: [],
  steps: [
    { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
    { type: "delay", amount: 7, unit: "days" },
    { type: "action", action: "mark_invoice_uncollectible" },
  ],
};

type Issues = { error: { message: string; issues?: Array<{ path: string }> } };

function openInvoice() {
  const ids = sampleIds();
  h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
  return ids;
}

describe("POST /api/automations/:id/runs", () => {
  it("previews the path first and starts nothing; then starts the run, recorded as by hand", async () => {
    const { id } = await h.createAutomation(writeOffLater);
    const ids = openInvoice();
    const preview = await h.api("POST", `/api/automations/${id}/runs`, { objectId: ids.invoiceId, preview: true });
    expect(preview.status).toBe(200);
    const shown = (await preview.json()) as {
      preview: true;
      timeline: { steps: Array<{ action: string; effect: string }> };
    };
    expect(shown.timeline.steps.map((step) => step.action)).toEqual(["send_team_email", "mark_invoice_uncollectible"]);
    expect(shown.timeline.steps[0]!.effect).toBe("would email ops@example.com");
    expect(await h.database.db.run.count()).toBe(0);
    expect(h.smtp.messages).toHaveLength(0);

    const started = await h.api("POST", `/api/automations/${id}/runs`, { objectId: ids.invoiceId });
    expect(started.status).toBe(201);
    const { run } = (await started.json()) as { run: { id: string; eventId: string; startedBy: string } };
    expect(run.startedBy).toBe("hand");
    const event = await h.database.db.event.findUniqueOrThrow({ where: { id: run.eventId } });
    expect(event).toMatchObject({ source: "manual", type: "invoice.payment_failed", objectId: ids.invoiceId });
    await h.tick();
    const stored = await h.runOf(ids.invoiceId, "position");
    expect(stored.steps.map((step) => [step.action, step.status])).toEqual([
      ["send_team_email", "succeeded"],
      ["mark_invoice_uncollectible", "pending"],
    ]);
    expect(h.smtp.messages).toHaveLength(1);

    const again = await h.api("POST", `/api/automations/${id}/runs`, { objectId: ids.invoiceId });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Issues).error.message).toMatch(/already has a subscription_payment_failed run/);
    expect(await h.database.db.run.count()).toBe(1);
  });

  it("refuses what cannot run: the wrong kind of object, one Stripe does not have, a paid invoice", async () => {
    const { id } = await h.createAutomation(writeOffLater);
    const paths = async (body: object, status: number) => {
      const response = await h.api("POST", `/api/automations/${id}/runs`, body);
      expect(response.status).toBe(status);
      return (await response.json()) as Issues;
    };
    expect((await paths({ objectId: "sub_123" }, 400)).error.issues?.[0]?.path).toBe("objectId");
    expect((await paths({ objectId: "cus_123" }, 400)).error.issues?.[0]?.path).toBe("objectId");
    expect((await paths({ objectId: "in_nowhere" }, 400)).error.issues?.[0]?.path).toBe("objectId");
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.paid", invoiceStatus: "paid" });
    expect((await paths({ objectId: ids.invoiceId }, 409)).error.message).toMatch(/invoice was paid/);
    expect((await h.api("POST", "/api/automations/nope/runs", { objectId: ids.invoiceId })).status).toBe(404);
    expect(await h.database.db.run.count()).toBe(0);
  });
});
