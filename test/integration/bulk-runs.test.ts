import { describe, expect, it } from "vitest";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

interface BulkAnswer {
  action: string;
  done: string[];
  skipped: Array<{ runId: string; reason: string }>;
}

async function bulk(body: unknown, status = 200): Promise<BulkAnswer> {
  const response = await h.api("POST", "/api/runs/bulk", body);
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as BulkAnswer;
}

describe("acting on many runs at once", () => {
  it("cancels the running runs it is given and says why it left an ended one alone", async () => {
    await h.reset();
    await h.createAutomation({
      name: "Wait then write off",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
      ],
    });
    const first = await h.runOf((await h.paymentFails()).ids.invoiceId);
    const second = await h.runOf((await h.paymentFails()).ids.invoiceId);
    await bulk({ action: "cancel", runIds: [first.id] });

    const answer = await bulk({ action: "cancel", runIds: [first.id, second.id, "no-such-run"] });
    expect(answer.done).toEqual([second.id]);
    expect(answer.skipped).toEqual([
      { runId: first.id, reason: `run ${first.id} is already canceled` },
      { runId: "no-such-run", reason: "run no-such-run does not exist" },
    ]);
    const audit = await h.engine.db.auditEntry.count({ where: { action: "run.canceled" } });
    expect(audit).toBe(2);
  });

  it("retries each failed run from the step it failed at, and the worker finishes them", async () => {
    await h.reset();
    await h.createAutomation({
      name: "Cancel",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "cancel_subscription" }],
    });
    const failing = [await h.paymentFails(), await h.paymentFails()];
    for (const { ids } of failing) h.stripe.store.delete(ids.subscriptionId!);
    await h.tick();
    const runs = await Promise.all(failing.map(({ ids }) => h.runOf(ids.invoiceId)));
    expect(runs.map((run) => run.status)).toEqual(["failed", "failed"]);

    for (const { reseed } of failing) reseed();
    const answer = await bulk({ action: "retry", runIds: runs.map((run) => run.id) });
    expect(answer).toEqual({ action: "retry", done: runs.map((run) => run.id), skipped: [] });
    await h.tick();
    for (const { ids } of failing) expect((await h.runOf(ids.invoiceId)).status).toBe("succeeded");

    const again = await bulk({ action: "retry", runIds: [runs[0]!.id] });
    expect(again.skipped).toEqual([{ runId: runs[0]!.id, reason: `run ${runs[0]!.id} has no failed step to retry` }]);
  });

  it("refuses a request that does not read, naming the field, and acts on nothing", async () => {
    const refused = (await (await h.api("POST", "/api/runs/bulk", { action: "pause", runIds: [] })).json()) as {
      error: { issues: Array<{ path: string }> };
    };
    expect(refused.error.issues.map((issue) => issue.path)).toEqual(["action", "runIds"]);
    const tooMany = await h.api("POST", "/api/runs/bulk", {
      action: "cancel",
      runIds: Array.from({ length: 201 }, (_, index) => `run-${index}`),
    });
    expect(tooMany.status).toBe(400);
  });
});
