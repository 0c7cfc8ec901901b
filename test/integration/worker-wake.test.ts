// The running worker (its pumps, not the harness's one-pass tick) with a cron that never fires in
// the test: whatever it does here, it did because it was told work was waiting, or because it
// woke at the moment the next step fell due.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDatabase } from "../../lib/db/client";
import { createEngine, type Engine } from "../../lib/engine/engine";
import { sampleIds } from "../../lib/samples/sample-events";
import { buildRunContext } from "../../lib/steps/run-context";
import { startWorker, type Worker } from "../../jobs/worker";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();
const NEVER = "0 0 1 1 *"; // once a year, on New Year's midnight

const running: Worker[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((worker) => worker.stop()));
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A worker on the real clock, with its own database client when `apart` (as another process has). */
function workerEngine(options: { apart?: boolean } = {}): Engine {
  const database = options.apart ? createDatabase(h.database.target) : h.database;
  if (options.apart) closers.push(() => database.db.$disconnect());
  return createEngine({
    database,
    config: { ...h.config, schedulerCron: NEVER },
    gateway: h.engine.gateway,
    workerId: options.apart ? "worker-apart" : "worker-here",
    log: h.engine.log,
  });
}

function start(engine: Engine): Worker {
  const worker = startWorker(engine);
  running.push(worker);
  return worker;
}

/** One run with one team email due at `dueAt`, written straight to the database. */
async function seedStep(dueAt: Date): Promise<string> {
  const automation = await h.database.db.automation.create({
    data: { name: "wake", trigger: "invoice_finalized", priority: 1, conditions: [], steps: [] },
  });
  const objectId = `in_wake_${Math.random().toString(36).slice(2)}`;
  const run = await h.database.db.run.create({
    data: {
      automationId: automation.id,
      trigger: "invoice_finalized",
      objectType: "invoice",
      objectId,
      eventId: "evt_wake",
      anchorAt: dueAt,
      snapshot: { automationName: "wake", steps: [] },
      context: buildRunContext("invoice", {
        id: objectId,
        object: "invoice",
        livemode: false,
        currency: "usd",
        amount_due: 1000,
      }),
    },
  });
  const step = await h.database.db.runStep.create({
    data: {
      runId: run.id,
      position: 0,
      key: "0",
      action: "send_team_email",
      params: { to: ["ops@example.com"] },
      dueAt,
    },
  });
  return step.id;
}

/**
 * Resolves once the worker's LISTEN connection is up and has taken its first look (PostgreSQL);
 * SQLite's poll needs no connection.
 */
async function listening(): Promise<void> {
  if (h.database.provider === "postgresql") {
    await vi.waitFor(
      async () => {
        const [row] = await h.database.db.$queryRaw<Array<{ listeners: number }>>`
          SELECT COUNT(*)::int AS listeners FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN %' AND state = 'idle'`;
        expect(row?.listeners).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 50 },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}

const stepOf = (id: string) => h.database.db.runStep.findUniqueOrThrow({ where: { id } });

describe("the worker, woken instead of ticked", () => {
  it("runs the first step of a run an event just started, without waiting for a tick", async () => {
    start(workerEngine());
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    await h.deliverAndProcess(h.event("invoice.payment_failed", { ...ids, attemptCount: 1 }));
    await vi.waitFor(async () => expect((await h.runOf(ids.invoiceId)).status).toBe("succeeded"), { timeout: 15_000 });
  });

  it("wakes at the moment the next step falls due", async () => {
    const worker = start(workerEngine());
    await worker.tickNow(); // idle now, its timer set from what is pending
    const dueAt = new Date(Date.now() + 1_500);
    const stepId = await seedStep(dueAt);
    // Nobody is told of this step: the worker learns of it when its timer is next set (a tick, or
    // here the wake below, which finds nothing due yet and sets the timer for it).
    h.engine.signal.notify("steps");
    await vi.waitFor(async () => expect((await stepOf(stepId)).status).toBe("succeeded"), { timeout: 15_000 });
    const step = await stepOf(stepId);
    expect(step.startedAt!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
  });

  it("hears work announced by another process", async () => {
    start(workerEngine({ apart: true }));
    // The listener has its connection before anything is announced: the look it takes on
    // connecting must not be what finds the step.
    await listening();
    const stepId = await seedStep(new Date(Date.now() - 1_000));
    h.engine.signal.notify("steps");
    if (h.database.provider === "sqlite") {
      // SQLite has no notifications: the step waits for the tick, which this test's cron never gives.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await stepOf(stepId)).status).toBe("pending");
      return;
    }
    await vi.waitFor(async () => expect((await stepOf(stepId)).status).toBe("succeeded"), { timeout: 15_000 });
  });

  it("matches an event a web instance only stored, as soon as it is stored", async () => {
    start(workerEngine({ apart: true }));
    await listening();
    const ids = sampleIds();
    const event = h.event("invoice.finalized", ids);
    await h.database.db.event.create({
      data: { id: event.id, type: event.type, objectId: ids.invoiceId, payload: event },
    });
    // What the webhook route does on a RUN_WORKER=false instance; SQLite's workers poll for it instead.
    h.engine.signal.notify("events");
    await vi.waitFor(
      async () =>
        expect((await h.database.db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("processed"),
      { timeout: 15_000 },
    );
  });
});
