// What each automation recovered: every run's outcome follows the end events Stripe sends — while
// the run is active, after it ended, before it started — and a holdout is followed the same way.
import { beforeEach, describe, expect, it } from "vitest";
import { backfillOutcomes } from "../../lib/events/backfill-outcomes";
import { isHeldOut } from "../../lib/outcomes/holdout";
import type { OutcomesReport } from "../../lib/outcomes/query-outcomes";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const teamEmail = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };

async function report(query = ""): Promise<OutcomesReport> {
  const response = await h.api("GET", `/api/outcomes${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as OutcomesReport;
}

async function outcomeOf(invoiceId: string) {
  return h.database.db.outcome.findFirstOrThrow({ where: { invoiceId } });
}

/** Two days of waiting, then a team email: a run that ends on its own. */
async function reminder(name = "Remind the team") {
  return h.createAutomation({
    name,
    trigger: "subscription_payment_failed",
    conditions: [],
    steps: [{ type: "delay", amount: 2, unit: "days" }, teamEmail],
  });
}

beforeEach(async () => {
  await h.reset();
});

describe("attribution", () => {
  it("counts a payment while the run is active as recovered, with the amount and the time it took", async () => {
    const automation = await reminder();
    const { ids } = await h.paymentFails({ amount: 25_000 });
    h.clock.advance(5 * HOUR + 20 * 60_000);
    const paid = await h.deliverAndProcess(h.event("invoice.paid", { ...ids, amount: 25_000 }));
    expect(paid.outcome).toMatch(/terminated 1 run/);
    expect(paid.outcome).toMatch(/1 outcome\(s\) updated/);

    expect(await outcomeOf(ids.invoiceId)).toMatchObject({
      status: "recovered",
      amountPaid: 25_000,
      recoveredAmount: 25_000,
      recoveredCurrency: "usd",
      hoursToRecover: 5,
      secondsToRecover: 5 * 3600 + 20 * 60,
      heldOut: false,
    });
    const [row] = (await report()).automations;
    expect(row).toMatchObject({
      automationId: automation.id,
      runs: 1,
      recovered: 1,
      recoveredAmount: 25_000,
      recoveryRate: 1,
      medianHoursToRecover: 5.3,
      writtenOff: 0,
      open: 0,
    });
    expect(row!.holdout).toBeUndefined();
    expect(row!.weeks).toHaveLength(1);
  });

  it("counts a payment within the window after the run ended, and not one after it", async () => {
    await reminder();
    const soon = await h.paymentFails({ amount: 10_000 });
    const late = await h.paymentFails({ amount: 20_000 });
    h.clock.advanceDays(2);
    await h.tick();
    expect((await h.runOf(soon.ids.invoiceId)).status).toBe("succeeded");

    h.clock.advanceDays(6);
    await h.deliverAndProcess(h.event("invoice.paid", { ...soon.ids, amount: 10_000 }));
    h.clock.advanceDays(3);
    await h.deliverAndProcess(h.event("invoice.paid", { ...late.ids, amount: 20_000 }));

    expect(await outcomeOf(soon.ids.invoiceId)).toMatchObject({ status: "recovered", recoveredAmount: 10_000 });
    expect(await outcomeOf(late.ids.invoiceId)).toMatchObject({
      status: "paid_late",
      amountPaid: 20_000,
      recoveredAmount: null,
    });
    const [row] = (await report()).automations;
    expect(row).toMatchObject({ runs: 2, recovered: 1, paidLate: 1, recoveredAmount: 10_000, recoveryRate: 0.5 });
  });

  it("records a write-off, and a payment after it still recovers the invoice; a voided one stays voided", async () => {
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const written = await h.paymentFails();
    const voided = await h.paymentFails();
    await h.tick();
    const request = h.stripe.requests.find((candidate) => candidate.path.endsWith("/mark_uncollectible"))!;
    // Stripe's invoice.marked_uncollectible for the engine's own write-off: it is what the outcome records.
    await h.deliverAndProcess(
      h.event("invoice.marked_uncollectible", { ...written.ids, idempotencyKey: request.idempotencyKey! }),
    );
    expect(await outcomeOf(written.ids.invoiceId)).toMatchObject({ status: "written_off" });
    await h.deliverAndProcess(h.event("invoice.voided", voided.ids));
    expect(await outcomeOf(voided.ids.invoiceId)).toMatchObject({ status: "voided" });

    h.clock.advanceDays(1);
    await h.deliverAndProcess(h.event("invoice.paid", written.ids));
    expect(await outcomeOf(written.ids.invoiceId)).toMatchObject({ status: "recovered" });
    const [row] = (await report()).automations;
    expect(row).toMatchObject({ runs: 2, recovered: 1, writtenOff: 0, voided: 1 });
  });

  it("counts the engine's own successful retry as recovered", async () => {
    await h.createAutomation({
      name: "Retry in an hour",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "action", action: "set_retry_policy", params: { retries: [{ amount: 1, unit: "hours" }] } }],
    });
    const { ids } = await h.paymentFails({ amount: 7_500 });
    await h.tick();
    h.clock.advance(HOUR);
    await h.tick();
    expect((await h.runOf(ids.invoiceId)).statusReason).toMatch(/paid by retry 1/);
    const pay = h.stripe.requests.find((candidate) => candidate.path.endsWith("/pay"))!;
    const caused = await h.deliverAndProcess(
      h.event("invoice.paid", { ...ids, amount: 7_500, idempotencyKey: pay.idempotencyKey! }),
    );
    expect(caused.outcome).toMatch(/engine's own call/);
    expect(await outcomeOf(ids.invoiceId)).toMatchObject({ status: "recovered", recoveredAmount: 7_500 });
  });

  it("counts an invoice.paid that arrived before the failure it follows", async () => {
    await reminder();
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    const failed = h.event("invoice.payment_failed", { ...ids, attemptCount: 1 });
    h.clock.advance(HOUR);
    await h.deliverAndProcess(h.event("invoice.paid", ids));
    await h.deliverAndProcess(failed);
    expect(await outcomeOf(ids.invoiceId)).toMatchObject({ status: "recovered", hoursToRecover: 1 });
  });

  it("marks an invoice run canceled when its subscription is; a cancellation run has no recovery rate", async () => {
    await reminder();
    await h.automateAtOnce("subscription_canceled", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    const { ids } = await h.paymentFails();
    await h.deliverAndProcess(h.event("customer.subscription.deleted", ids));
    expect(await outcomeOf(ids.invoiceId)).toMatchObject({ status: "canceled" });
    const { triggers } = await report();
    expect(triggers.find((row) => row.trigger === "subscription_payment_failed")).toMatchObject({
      runs: 1,
      canceled: 1,
      recoveryRate: 0,
    });
    expect(triggers.find((row) => row.trigger === "subscription_canceled")).toMatchObject({
      runs: 1,
      canceled: 1,
      recoveryRate: null,
    });
  });

  it("converts other currencies at the rates set when paid, and counts one without a rate apart", async () => {
    await h.api("PUT", "/api/settings", { exchangeRates: { eur: 1.1 } });
    await reminder();
    const eur = await h.paymentFails({ amount: 10_000, currency: "eur" });
    const gbp = await h.paymentFails({ amount: 10_000, currency: "gbp" });
    await h.deliverAndProcess(h.event("invoice.paid", { ...eur.ids, amount: 10_000, currency: "eur" }));
    // A rate set later does not change what was recovered before it.
    await h.api("PUT", "/api/settings", { exchangeRates: { eur: 2 } });
    await h.deliverAndProcess(h.event("invoice.paid", { ...gbp.ids, amount: 10_000, currency: "gbp" }));
    expect(await outcomeOf(eur.ids.invoiceId)).toMatchObject({ recoveredAmount: 11_000, paidCurrency: "eur" });
    expect(await outcomeOf(gbp.ids.invoiceId)).toMatchObject({ status: "recovered", recoveredAmount: null });
    const [row] = (await report()).automations;
    expect(row).toMatchObject({ recovered: 2, recoveredAmount: 11_000, recoveredUnconverted: 1 });
  });

  it("a redelivered or doubled payment event changes nothing more", async () => {
    await reminder();
    const { ids } = await h.paymentFails();
    h.clock.advance(2 * HOUR);
    const paid = h.event("invoice.paid", ids);
    await h.deliverAndProcess(paid);
    const first = await outcomeOf(ids.invoiceId);
    h.clock.advance(DAY);
    await h.deliverAndProcess(h.event("invoice.payment_succeeded", ids));
    await h.deliver(paid);
    expect(await outcomeOf(ids.invoiceId)).toEqual(first);
  });
});

describe("an install upgraded from before outcomes were kept", () => {
  it("gets the outcomes of its earlier runs from the events already stored, once", async () => {
    await reminder();
    const paid = await h.paymentFails({ amount: 4_200 });
    const open = await h.paymentFails();
    h.clock.advance(3 * HOUR);
    await h.deliverAndProcess(h.event("invoice.paid", { ...paid.ids, amount: 4_200 }));
    await h.database.db.outcome.deleteMany();

    expect(await backfillOutcomes(h.database.db)).toBe(2);
    expect(await outcomeOf(paid.ids.invoiceId)).toMatchObject({
      status: "recovered",
      recoveredAmount: 4_200,
      amountDue: 4_200,
      hoursToRecover: 3,
    });
    expect(await outcomeOf(open.ids.invoiceId)).toMatchObject({ status: "open" });
    expect(await backfillOutcomes(h.database.db)).toBe(0);
    expect(await h.database.db.outcome.count()).toBe(2);
  });
});

describe("the holdout", () => {
  it("holds out the share it is given by object id: no run, the trace says so, and the outcome is followed", async () => {
    const automation = await reminder("Dunning with a holdout");
    const set = await h.api("PATCH", `/api/automations/${automation.id}`, { holdoutPercent: 50 });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { holdoutPercent: number }).holdoutPercent).toBe(50);

    const failures = [];
    for (let i = 0; i < 24; i++) failures.push(await h.paymentFails());
    const expected = failures.filter((failure) =>
      isHeldOut({ id: automation.id, holdoutPercent: 50 }, failure.ids.invoiceId),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(failures.length);

    for (const failure of failures) {
      const heldOut = expected.includes(failure);
      expect(await h.database.db.run.count({ where: { objectId: failure.ids.invoiceId } })).toBe(heldOut ? 0 : 1);
      if (heldOut) expect(failure.processed.outcome).toMatch(/held out: Stripe's default settings apply/);
    }
    const one = expected[0]!;
    const event = (await (await h.api("GET", `/api/events/${one.event.id}`)).json()) as {
      evaluations: Array<{
        matchedAutomationId: string;
        runId: string | null;
        trace: { heldOut?: boolean; summary: string };
      }>;
    };
    expect(event.evaluations[0]).toMatchObject({
      matchedAutomationId: automation.id,
      runId: null,
      trace: { heldOut: true, summary: expect.stringMatching(/held out: Stripe's default settings apply/) },
    });

    // Half of each group pays within a day.
    h.clock.advance(12 * HOUR);
    const payers = [
      ...expected.slice(0, Math.ceil(expected.length / 2)),
      ...failures.filter((f) => !expected.includes(f)).slice(0, 3),
    ];
    for (const failure of payers) await h.deliverAndProcess(h.event("invoice.paid", failure.ids));

    const [row] = (await report()).automations;
    const held = Math.ceil(expected.length / 2);
    expect(row).toMatchObject({
      holdoutPercent: 50,
      runs: failures.length - expected.length,
      recovered: 3,
      holdout: { matched: expected.length, recovered: held, recoveryRate: held / expected.length },
      difference: { rate: 3 / (failures.length - expected.length) - held / expected.length },
    });
    const [lo, hi] = row!.difference!.ci95;
    expect(lo).toBeLessThan(row!.difference!.rate);
    expect(hi).toBeGreaterThan(row!.difference!.rate);
    expect(row!.comparison).toMatchObject({ verdict: "too_few", words: expect.stringMatching(/^Can't tell yet/) });

    // A held-out match is followed as long as its run would have lasted (two days) plus the window.
    const late = expected.at(-1)!;
    h.clock.advanceDays(2 + 7 + 1);
    await h.deliverAndProcess(h.event("invoice.paid", late.ids));
    expect(await outcomeOf(late.ids.invoiceId)).toMatchObject({ heldOut: true, status: "paid_late" });
  });

  it("refuses a holdout out of range, naming the field, and changes nothing", async () => {
    const automation = await reminder();
    for (const holdoutPercent of [51, -1, 12.5, "10"]) {
      const response = await h.api("PATCH", `/api/automations/${automation.id}`, { holdoutPercent });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { issues: Array<{ path: string; message: string }> } };
      expect(body.error.issues[0]).toEqual({
        path: "holdoutPercent",
        message: "holdoutPercent must be a whole number from 0 to 50",
      });
    }
    const stored = await h.database.db.automation.findUniqueOrThrow({ where: { id: automation.id } });
    expect(stored).toMatchObject({ holdoutPercent: 0, version: 1 });
  });
});

describe("GET /api/outcomes and its CSV", () => {
  it("filters by range, trigger and automation, and refuses bad filters naming the field", async () => {
    const automation = await reminder();
    const other = await h.automateAtOnce("invoice_overdue", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    await h.paymentFails();
    const now = new Date(h.clock.nowMs());
    const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);

    expect(
      (await report(`?from=${day(-1)}&to=${day(0)}`)).automations.find((row) => row.automationId === automation.id)
        ?.runs,
    ).toBe(1);
    expect(
      (await report(`?from=${day(1)}&to=${day(2)}`)).automations.find((row) => row.automationId === automation.id)
        ?.runs,
    ).toBe(0);
    const byTrigger = await report("?trigger=invoice_overdue");
    expect(byTrigger.automations.map((row) => row.automationId)).toEqual([other.id]);
    expect(byTrigger.triggers.map((row) => row.trigger)).toEqual(["invoice_overdue"]);
    expect((await report(`?automationId=${automation.id}`)).automations.map((row) => row.automationId)).toEqual([
      automation.id,
    ]);

    for (const [query, path] of [
      [`?from=${day(0)}&to=${day(-3)}`, "to"],
      ["?from=yesterday", "from"],
      ["?trigger=invoice_paid", "trigger"],
      ["?automationId=auto_nope", "automationId"],
    ] as const) {
      const response = await h.api("GET", `/api/outcomes${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { message: string; issues: Array<{ path: string }> } };
      expect(body.error.issues[0]?.path, query).toBe(path);
      expect(body.error.message).toContain(path);
    }
  });

  it("exports the report as CSV, by automation and week", async () => {
    const automation = await h.createAutomation({
      name: '=Dunning, "quoted"',
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [teamEmail],
    });
    const { ids } = await h.paymentFails({ amount: 12_345 });
    await h.deliverAndProcess(h.event("invoice.paid", { ...ids, amount: 12_345 }));
    const response = await h.api("GET", `/api/outcomes/export?automationId=${automation.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="outcomes-.*\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "automation_id,automation,trigger,week,group,matched,recovered,recovery_rate,recovered_amount,currency,written_off,voided,canceled,open,paid_late,median_hours_to_recover,difference,difference_ci95_low,difference_ci95_high",
    );
    // The name is quoted and kept from running as a spreadsheet formula.
    expect(lines[1]).toMatch(
      new RegExp(
        `^${automation.id},"'=Dunning, ""quoted""",subscription_payment_failed,all,runs,1,1,1\\.0000,123\\.45,usd,0,0,0,0,0,0,,,$`,
      ),
    );
    expect(lines[2]).toMatch(/,\d{4}-\d{2}-\d{2},runs,1,1,1\.0000,123\.45,usd,/);
  });
});
