import { describe, expect, it } from "vitest";
import { seedRecipesIfEmpty, STRIPE_RECIPES } from "../../lib/automations/seed-recipes";
import { queryOutcomes } from "../../lib/outcomes/query-outcomes";
import { DEMO_HOLDOUT_PERCENT, seedDemoHistory } from "../../lib/samples/demo-history";
import { harnessForThisFile } from "../support/harness";

// As `npm run dev` meets it: no Stripe key, so dry-run.
const h = harnessForThisFile({ dryRun: true });

const DEMO_NOW = Date.parse("2026-12-03T18:24:00Z");

const [ANNUAL, TEAM_ALERT, CANCELLATION] = STRIPE_RECIPES.map((recipe) => recipe.name);

async function counts() {
  const db = h.database.db;
  const [events, runs, steps, outcomes, evaluations, jobs, versions] = await Promise.all([
    db.event.count(),
    db.run.count(),
    db.runStep.count(),
    db.outcome.count(),
    db.evaluation.count(),
    db.job.count(),
    db.automationVersion.count(),
  ]);
  return { events, runs, steps, outcomes, evaluations, jobs, versions };
}

describe("the demo history of a new development database", () => {
  it("goes through the pipeline: runs, recoveries, write-offs and a holdout to compare with, once", async () => {
    const db = h.database.db;
    // A fixed moment, so the history is the same on every run: its ids are seeded, but where its
    // weeks fall depends on `now`, and a few late payers more or less would move the figures below.
    h.clock.advance(DEMO_NOW - h.clock.nowMs());
    const now = h.clock.now();
    expect((await seedRecipesIfEmpty(h.engine)).seeded).toBe(3);
    // The matches a holdout takes follow a hash salted with the automation's id, new on every
    // install: with ids fixed here, the same invoices are held out on every run, and so are the
    // figures below (the ids move the versions with them: ON UPDATE CASCADE).
    for (const [index, name] of [ANNUAL, TEAM_ALERT, CANCELLATION].entries()) {
      const { id } = await db.automation.findFirstOrThrow({ where: { name }, select: { id: true } });
      await db.automation.update({ where: { id }, data: { id: `demo-recipe-${index}` } });
    }

    const started = Date.now();
    const cpu = process.cpuUsage();
    const report = await seedDemoHistory(h.engine, { now });
    const seconds = (Date.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);

    expect(report.months).toBe(4);
    expect(report.events).toBe(await db.event.count());
    expect(report.runs).toBe(await db.run.count());
    // 20 to 26 failures a week for 17 weeks, with their ends, the invoices sent and the cancellations.
    expect(report.events).toBeGreaterThan(800);
    expect(report.runs).toBeGreaterThan(120);

    // Everything the engine received it processed, and no step failed.
    expect(await db.event.count({ where: { status: { not: "processed" } } })).toBe(0);
    expect(await db.runStep.count({ where: { status: "failed" } })).toBe(0);
    expect(await db.run.count({ where: { dryRun: false } })).toBe(0);
    // Each run's first step ran the moment it started, as a worker ticking every few seconds has it.
    expect(await db.runStep.count({ where: { key: "0", status: "canceled" } })).toBe(0);
    // Nothing in the past is left for the worker: what is pending falls due after `now`.
    expect(await db.runStep.count({ where: { status: "pending", dueAt: { lte: now } } })).toBe(0);
    expect(await db.job.count({ where: { status: "pending", runAt: { lte: now } } })).toBe(0);
    // Dated by the virtual clock, not the seeding's.
    const latestRun = await db.run.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(latestRun.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
    const latestEvent = await db.event.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect(latestEvent.receivedAt.getTime()).toBeLessThanOrEqual(now.getTime());
    const first = await db.event.findFirstOrThrow({ orderBy: { receivedAt: "asc" } });
    expect(now.getTime() - first.receivedAt.getTime()).toBeGreaterThan(110 * 86_400_000);
    expect(await db.event.count({ where: { source: "stripe" } })).toBe(0);

    const from = new Date(now);
    from.setUTCMonth(from.getUTCMonth() - 4);
    const outcomes = await queryOutcomes(db, { from: from.toISOString(), to: now.toISOString() }, now);
    const byName = new Map(outcomes.automations.map((automation) => [automation.name, automation]));
    const annual = byName.get(ANNUAL!)!;
    expect(annual.holdoutPercent).toBe(DEMO_HOLDOUT_PERCENT);
    expect(annual.runs).toBeGreaterThan(80);
    expect(annual.recovered).toBeGreaterThan(annual.runs / 2);
    expect(annual.recoveredAmount).toBeGreaterThan(0);
    expect(annual.writtenOff).toBeGreaterThan(0);
    expect(annual.paidLate).toBeGreaterThan(0);
    expect(annual.medianHoursToRecover).toBeGreaterThan(24);
    // About the share the automation asks for (a hash decides each match, so not exactly).
    const heldOutShare = annual.holdout!.matched / (annual.runs + annual.holdout!.matched);
    expect(heldOutShare).toBeGreaterThan(DEMO_HOLDOUT_PERCENT / 100 - 0.13);
    expect(heldOutShare).toBeLessThan(DEMO_HOLDOUT_PERCENT / 100 + 0.13);
    expect(annual.holdout!.recovered).toBeGreaterThan(0);
    expect(annual.recoveryRate!).toBeGreaterThan(annual.holdout!.recoveryRate!);
    expect(annual.comparison!.difference!.rate).toBeGreaterThan(0);

    // The cancellations (the customers', Stripe's after its retries, the dunning's own) each sent
    // the confirmation; the team alert is seeded paused here (no team emails), so overdue invoices
    // were evaluated and matched nothing.
    const cancellation = byName.get(CANCELLATION!)!;
    expect(cancellation.runs).toBeGreaterThan(30);
    expect(cancellation.canceled).toBe(cancellation.runs);
    expect(byName.get(TEAM_ALERT!)!.runs).toBe(0);
    expect(await db.evaluation.count({ where: { trigger: "invoice_overdue" } })).toBeGreaterThan(10);
    // The dunning's own write-off and cancel come back from Stripe as the engine's doing.
    expect(await db.event.count({ where: { causedByRunStepId: { not: null } } })).toBeGreaterThan(0);
    expect(await db.run.count({ where: { chainDepth: 1 } })).toBeGreaterThan(0);

    console.info(
      `[demo history] ${h.database.provider}: ${seconds.toFixed(1)} s (${((user + system) / 1e6).toFixed(1)} s of CPU), ` +
        `${report.events} events, ${report.runs} runs; ` +
        `annual dunning ${annual.runs} runs, ${annual.recovered} recovered, ${annual.writtenOff} written off, ` +
        `${annual.paidLate} paid late, ${annual.open} open; held out ${annual.holdout!.matched}, ` +
        `${annual.holdout!.recovered} recovered; ${annual.comparison!.words}; cancellations ${cancellation.runs}`,
    );

    // A second call finds the history there and does nothing, whatever it is given.
    const before = await counts();
    expect(await seedDemoHistory(h.engine, { now: new Date(now.getTime() + 86_400_000) })).toMatchObject({
      events: 0,
      runs: 0,
    });
    expect(await counts()).toEqual(before);
    const annualRow = await db.automation.findFirstOrThrow({ where: { name: ANNUAL! } });
    expect(annualRow).toMatchObject({ holdoutPercent: DEMO_HOLDOUT_PERCENT, version: 2 });
  }, 300_000);
});
