import { describe, expect, it } from "vitest";
import { createEngine } from "../../lib/engine/engine";
import { claimDueSteps, releaseSteps } from "../../lib/jobs/claim";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

/** Runs with `steps` due steps each, written straight to the database. */
async function seedDueSteps(runs: number, stepsPerRun: number, options: { blocking?: boolean } = {}) {
  const automation = await h.database.db.automation.create({
    data: { name: "seed", trigger: "invoice_finalized", priority: 1, conditions: [], steps: [] },
  });
  const due = new Date(h.clock.nowMs() - 1000);
  for (let r = 0; r < runs; r++) {
    const run = await h.database.db.run.create({
      data: {
        automationId: automation.id,
        trigger: "invoice_finalized",
        objectType: "invoice",
        objectId: `in_seed_${r}_${Math.random().toString(36).slice(2)}`,
        eventId: "evt_seed",
        anchorAt: due,
        snapshot: { automationName: "seed", steps: [] },
        context: {},
      },
    });
    await h.database.db.runStep.createMany({
      data: Array.from({ length: stepsPerRun }, (_, position) => ({
        runId: run.id,
        position,
        key: String(position),
        action: "send_team_email",
        params: {},
        dueAt: due,
        blocking: options.blocking ?? false,
      })),
    });
  }
}

const worker = (id: string) =>
  createEngine({ database: h.database, config: h.config, gateway: h.engine.gateway, now: h.clock.now, workerId: id });

describe("claiming due steps", () => {
  it("gives each due step to exactly one of several concurrent workers", async () => {
    await seedDueSteps(20, 10);
    const workers = ["w1", "w2", "w3", "w4"].map(worker);
    const claimed: string[] = [];
    for (;;) {
      const batches = await Promise.all(workers.map((engine) => claimDueSteps(engine, 7)));
      const flat = batches.flat();
      if (flat.length === 0) break;
      claimed.push(...flat);
    }
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
    const owners = await h.database.db.runStep.groupBy({ by: ["lockedBy"], _count: true });
    expect(owners.length).toBeGreaterThan(1);
  });

  it("takes a step back up once the lease of a worker that died has expired", async () => {
    await seedDueSteps(1, 1);
    const dead = worker("dead-worker");
    expect(await claimDueSteps(dead, 10)).toHaveLength(1);
    const alive = worker("alive-worker");
    expect(await claimDueSteps(alive, 10)).toHaveLength(0);
    h.clock.advance(h.config.leaseSeconds * 1000 + 1);
    const reclaimed = await claimDueSteps(alive, 10);
    expect(reclaimed).toHaveLength(1);
    const step = await h.database.db.runStep.findUniqueOrThrow({ where: { id: reclaimed[0]! } });
    expect(step).toMatchObject({ lockedBy: "alive-worker", attempts: 2 });
  });

  it("takes an event back up once the lease of a worker that died while matching it has expired", async () => {
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    const event = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    // As the worker left it that claimed the event and died: pending, its lease running.
    await h.database.db.event.create({
      data: {
        id: event.id,
        type: event.type,
        objectId: ids.invoiceId,
        payload: event,
        lockedBy: "dead-worker",
        lockedUntil: new Date(h.clock.nowMs() + h.config.leaseSeconds * 1000),
        attempts: 1,
      },
    });
    await h.tick();
    expect(await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: "pending",
      lockedBy: "dead-worker",
    });
    h.clock.advance(h.config.leaseSeconds * 1000 + 1);
    await h.tick();
    expect(await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: "processed",
      attempts: 2,
    });
    expect(await h.database.db.run.count({ where: { objectId: ids.invoiceId } })).toBe(1);
  });

  it("holds a step back while an earlier blocking step of its run is unfinished", async () => {
    await seedDueSteps(1, 3, { blocking: true });
    const engine = worker("w");
    const first = await claimDueSteps(engine, 10);
    expect(first).toHaveLength(1);
    expect(await claimDueSteps(engine, 10)).toHaveLength(0);
    await h.database.db.runStep.update({ where: { id: first[0]! }, data: { status: "succeeded", lockedBy: null } });
    expect(await claimDueSteps(engine, 10)).toHaveLength(1);
  });

  it("takes back at once the steps a stopping worker claimed but never started", async () => {
    await seedDueSteps(1, 1);
    const stopping = worker("stopping-worker");
    const claimed = await claimDueSteps(stopping, 10);
    expect(claimed).toHaveLength(1);
    await releaseSteps(stopping, claimed);
    expect(await h.database.db.runStep.findUniqueOrThrow({ where: { id: claimed[0]! } })).toMatchObject({
      status: "pending",
      lockedBy: null,
      attempts: 0,
      startedAt: null,
    });
    expect(await claimDueSteps(worker("next-worker"), 10)).toEqual(claimed);
  });

  it("leaves steps of runs that ended", async () => {
    await seedDueSteps(1, 2);
    await h.database.db.run.updateMany({ data: { status: "canceled" } });
    expect(await claimDueSteps(worker("w"), 10)).toHaveLength(0);
  });
});
