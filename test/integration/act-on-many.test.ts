import { describe, expect, it } from "vitest";
import { setAutomationsStatus } from "../../lib/automations/bulk-status";
import { duplicateAutomation } from "../../lib/automations/save-automation";
import { SYSTEM } from "../../lib/auth/actor";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const waitThenEmail = (name: string) => ({
  name,
  trigger: "subscription_payment_failed",
  conditions: [{ type: "invoice_amount", min: 1000, max: null }],
  steps: [
    { type: "delay", amount: 2, unit: "days" },
    { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
  ],
});

describe("pausing and resuming several automations at once", () => {
  it("pauses the active ones, canceling their runs when asked, and says why it left one alone", async () => {
    await h.reset();
    const first = await h.createAutomation(waitThenEmail("First"));
    const second = await h.createAutomation(waitThenEmail("Second"));
    await h.paymentFails({ amount: 5000 });
    await setAutomationsStatus(h.engine, SYSTEM, { ids: [second.id], status: "paused", inProgress: "finish" });

    const result = await setAutomationsStatus(h.engine, SYSTEM, {
      ids: [first.id, second.id],
      status: "paused",
      inProgress: "cancel",
    });
    expect(result).toEqual({
      changed: [first.id],
      canceledRuns: 1,
      skipped: [{ id: second.id, name: "Second", reason: "“Second” is already paused" }],
    });
    const statuses = await h.engine.db.automation.findMany({ select: { status: true }, orderBy: { priority: "asc" } });
    expect(statuses.map((row) => row.status)).toEqual(["paused", "paused"]);
    expect((await h.engine.db.run.findMany()).map((run) => run.status)).toEqual(["canceled"]);

    const resumed = await setAutomationsStatus(h.engine, SYSTEM, { ids: [first.id, second.id], status: "active" });
    expect(resumed).toEqual({ changed: [first.id, second.id], canceledRuns: 0, skipped: [] });
  });

  it("refuses a pause that does not say what happens to the runs, changing nothing", async () => {
    await h.reset();
    const only = await h.createAutomation(waitThenEmail("Only"));
    await expect(
      setAutomationsStatus(h.engine, SYSTEM, { ids: [only.id], status: "paused", inProgress: "later" }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: "inProgress" })] });
    expect((await h.engine.db.automation.findUniqueOrThrow({ where: { id: only.id } })).status).toBe("active");
  });
});

describe("duplicating an automation", () => {
  it("makes a paused copy, last on its trigger, with the same conditions and steps", async () => {
    await h.reset();
    const source = await h.createAutomation(waitThenEmail("Annual dunning"));
    await h.createAutomation(waitThenEmail("Another"));
    const copy = await duplicateAutomation(h.engine, SYSTEM, source.id);
    const original = await h.engine.db.automation.findUniqueOrThrow({ where: { id: source.id } });
    expect(copy).toMatchObject({
      name: "Copy of Annual dunning",
      status: "paused",
      priority: 3,
      trigger: "subscription_payment_failed",
      conditions: original.conditions,
      steps: original.steps,
    });
    expect(await h.engine.db.auditEntry.count({ where: { entityId: copy.id, action: "automation.created" } })).toBe(1);
  });
});
