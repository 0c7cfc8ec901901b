import { describe, expect, it, vi } from "vitest";
import { activityOf, getAutomationActivity } from "../../lib/automations/automation-activity";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile({ dryRun: true });

const email = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };
const waitADay = { type: "delay", amount: 1, unit: "days" };

async function create(name: string, tag: string): Promise<string> {
  const response = await h.api("POST", "/api/automations", {
    name,
    trigger: "subscription_payment_failed",
    conditions: [{ type: "invoice_metadata", key: "activity", value: tag }],
    steps: [waitADay, email],
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function paymentFailed(tag: string) {
  const ids = sampleIds();
  await h.deliverAndProcess(
    h.event("invoice.payment_failed", { ...ids, attemptCount: 1, invoiceMetadata: { activity: tag } }),
  );
  return ids;
}

describe("automation activity for the list", () => {
  it("counts each automation's runs in progress and finds its newest run; one that never ran has none", async () => {
    const busy = await create("Busy", "busy");
    const quiet = await create("Quiet", "quiet");
    const idle = await create("Idle", "idle");

    await paymentFailed("busy");
    await paymentFailed("busy");
    const third = await paymentFailed("busy");
    const quietRun = await paymentFailed("quiet");

    // One of Busy's runs ends (canceled by a person) and Quiet's only run ends: neither is in progress.
    const db = h.database.db;
    const busyEnded = await db.run.findFirstOrThrow({ where: { objectId: third.invoiceId } });
    expect((await h.api("POST", `/api/runs/${busyEnded.id}/cancel`)).status).toBe(200);
    const quietEnded = await db.run.findFirstOrThrow({ where: { objectId: quietRun.invoiceId } });
    expect((await h.api("POST", `/api/runs/${quietEnded.id}/cancel`)).status).toBe(200);

    const activity = await getAutomationActivity(db, [busy, quiet, idle]);

    const newest = async (automationId: string) =>
      (await db.run.findFirstOrThrow({ where: { automationId }, orderBy: { createdAt: "desc" } })).createdAt;
    expect(activityOf(activity, busy)).toEqual({
      runsInProgress: 2,
      lastRunAt: (await newest(busy)).toISOString(),
    });
    expect(activityOf(activity, quiet)).toEqual({
      runsInProgress: 0,
      lastRunAt: (await newest(quiet)).toISOString(),
    });
    expect(activityOf(activity, idle)).toEqual({ runsInProgress: 0, lastRunAt: null });
  });

  it("reads only the automations asked for, in two grouped queries whatever their number", async () => {
    const asked = await create("Asked", "asked");
    const other = await create("Other", "other");
    await paymentFailed("asked");
    await paymentFailed("other");

    const groupBy = vi.spyOn(h.database.db.run, "groupBy");
    const findMany = vi.spyOn(h.database.db.run, "findMany");
    try {
      const activity = await getAutomationActivity(h.database.db, [asked]);
      expect(Object.keys(activity)).toEqual([asked]);
      expect(activityOf(activity, asked).runsInProgress).toBe(1);
      expect(activityOf(activity, other)).toEqual({ runsInProgress: 0, lastRunAt: null });
      expect(groupBy).toHaveBeenCalledTimes(2);
      expect(findMany).not.toHaveBeenCalled();
    } finally {
      groupBy.mockRestore();
      findMany.mockRestore();
    }

    expect(await getAutomationActivity(h.database.db, [])).toEqual({});
  });
});
