import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_STEP_ATTEMPTS } from "../../lib/jobs/backoff";
import { recordFigures } from "../support/figures";
import { startHarness, type Harness } from "../support/harness";
import { enforceRateLimit, startStripeServer, type StripeFault } from "../support/stripe-server";
import { createTestDatabase } from "../support/test-database";
import { seedDueSteps, startWorkerProcess, waitUntilDrained } from "../support/worker-fleet";

// The faults a Stripe connection meets, injected by the Stripe-compatible server on the step's
// write: transient ones are retried with backoff under the same idempotency key until they pass,
// permanent ones fail the step with Stripe's message, and no change is ever lost or made twice.
let h: Harness;
const rows: string[] = [];
beforeAll(async () => {
  h = await startHarness({ env: { STRIPE_TIMEOUT_MS: "300" } });
});
afterAll(async () => {
  await h.close();
});

const WRITE = { method: "POST", path: "/v1/invoices/:id/mark_uncollectible" } as const;

/** One write-off step against `fault`, ticked (the clock moved to each retry) until the run ends. */
async function writeOffThrough(fault: StripeFault, times: number) {
  await h.reset();
  await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
  const { ids } = await h.paymentFails();
  const armed = h.stripe.failNext(WRITE, fault, times);
  const delays: number[] = [];
  for (let tick = 0; tick < MAX_STEP_ATTEMPTS + 2; tick++) {
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    const step = run.steps[0]!;
    if (run.status !== "running") {
      armed.cancel();
      const keys = new Set(
        h.stripe.requests
          .filter((r) => r.path === `/v1/invoices/${ids.invoiceId}/mark_uncollectible`)
          .map((r) => r.idempotencyKey),
      );
      return { run, step, delays, hits: armed.hits, keys, effects: h.stripe.effects([...keys][0] ?? null) };
    }
    delays.push((step.dueAt.getTime() - h.clock.nowMs()) / 1000);
    h.clock.advance(step.dueAt.getTime() - h.clock.nowMs());
  }
  throw new Error("the run did not end");
}

const transient: [string, StripeFault, number][] = [
  ["429 without Stripe-Should-Retry", { kind: "rate_limit" }, 2],
  ["429 with Stripe-Should-Retry: true", { kind: "rate_limit", shouldRetry: true }, 2],
  ["429 lock_timeout", { kind: "rate_limit", code: "lock_timeout" }, 1],
  ["500 before the change", { kind: "api_error" }, 3],
  ["timeout before the change", { kind: "timeout" }, 1],
  ["timeout after the change (response lost)", { kind: "timeout", afterEffect: true }, 1],
  ["connection reset before the change", { kind: "connection_reset" }, 2],
  ["connection reset after the change (response lost)", { kind: "connection_reset", afterEffect: true }, 1],
];

describe("Stripe faults on a step's write", () => {
  it.each(transient)(
    "%s: retried with backoff under the same key, the change made once",
    async (name, fault, times) => {
      const outcome = await writeOffThrough(fault, times);
      expect(outcome.run.status).toBe("succeeded");
      // The SDK itself retries a reset connection once (same key): fewer attempts can show here.
      expect(outcome.step.attempts).toBeLessThanOrEqual(times + 1);
      expect(outcome.hits).toBe(times);
      expect(outcome.keys.size).toBe(1);
      expect(outcome.effects).toBe(1);
      expect(outcome.delays.every((delay) => delay > 0)).toBe(true);
      const waits = outcome.delays.length ? `, waits ${outcome.delays.join(" s, ")} s` : " (the SDK's own retry)";
      rows.push(`${name} ×${times}|${outcome.step.attempts} attempt(s)${waits}|succeeded|${outcome.effects}`);
    },
  );

  it("a 500 that stays: backs off further each time, then fails the step with Stripe's message", async () => {
    const outcome = await writeOffThrough({ kind: "api_error" }, 100);
    expect(outcome.run.status).toBe("failed");
    expect(outcome.step.attempts).toBe(MAX_STEP_ATTEMPTS);
    expect(outcome.step.error).toBe("An unknown error occurred");
    for (let i = 1; i < outcome.delays.length; i++)
      expect(outcome.delays[i]).toBeGreaterThanOrEqual(outcome.delays[i - 1]!);
    expect(outcome.effects).toBe(0);
    rows.push(
      `500 on every attempt|${outcome.step.attempts} attempts, waits ${outcome.delays.join(" s, ")} s|failed: ${outcome.step.error}|0`,
    );
  });

  it.each<[string, StripeFault, RegExp]>([
    [
      "429 with Stripe-Should-Retry: false",
      { kind: "rate_limit", shouldRetry: false },
      /^Request rate limit exceeded\./,
    ],
    [
      "500 stored under the key (Stripe-Should-Retry: false)",
      { kind: "api_error", stored: true, shouldRetry: false },
      /^An unknown error occurred$/,
    ],
  ])("%s: permanent, the step fails at once with Stripe's message", async (name, fault, stripeMessage) => {
    const outcome = await writeOffThrough(fault, 1);
    expect(outcome.run.status).toBe("failed");
    expect(outcome.step.attempts).toBe(1);
    expect(outcome.step.error).toMatch(stripeMessage);
    expect(outcome.effects).toBe(0);
    rows.push(`${name}|1 attempt|failed: ${outcome.step.error}|0`);
  });

  it("a 402 card decline on a payment retry is recorded with Stripe's message and the schedule goes on", async () => {
    await h.reset();
    await h.createAutomation({
      name: "Retry once",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [
        { type: "action", action: "set_retry_policy", params: { retries: [{ amount: 1, unit: "days" }] } },
        { type: "delay", amount: 2, unit: "days" },
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
      ],
    });
    const { ids } = await h.paymentFails();
    h.stripe.failNext(
      { method: "POST", path: "/v1/invoices/:id/pay" },
      { kind: "card_declined", declineCode: "insufficient_funds" },
    );
    await h.tick();
    h.clock.advanceDays(1);
    await h.tick();
    let run = await h.runOf(ids.invoiceId);
    const retry = run.steps.find((step) => step.action === "retry_payment")!;
    expect(retry.status).toBe("succeeded");
    expect(retry.result).toMatchObject({
      paid: false,
      declineCode: "insufficient_funds",
      declined: expect.stringMatching(/.+/),
    });
    h.clock.advanceDays(1);
    await h.tick();
    run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("succeeded");
    const declined = (retry.result as { declined: string }).declined;
    rows.push(
      `402 card_declined on the payment retry|1 attempt|decline recorded (“${declined}”), schedule continued|1 attempt counted by Stripe`,
    );
  });

  // Stripe keeps no idempotency key for a DELETE: a cancel retried after its response was lost —
  // by the scheduler after a timeout, or by the SDK itself after a closed connection — meets
  // 404 resource_missing for the subscription it canceled. The step reads the subscription, sees
  // it canceled, and ends the run as a cancel does.
  it.each<[string, StripeFault]>([
    ["timeout after the cancel (response lost)", { kind: "timeout", afterEffect: true }],
    ["connection reset after the cancel (response lost)", { kind: "connection_reset", afterEffect: true }],
  ])("%s: the retried DELETE meets 404, the step reads the subscription and ends the run once", async (name, fault) => {
    await h.reset();
    await h.automateAtOnce("subscription_payment_failed", ["cancel_subscription"]);
    const { ids } = await h.paymentFails();
    h.stripe.failNext({ method: "DELETE", path: "/v1/subscriptions/:id" }, fault);
    let run = await h.runOf(ids.invoiceId);
    for (let tick = 0; tick < 4 && run.status === "running"; tick++) {
      await h.tick();
      run = await h.runOf(ids.invoiceId);
      const due = run.steps[0]!.dueAt.getTime();
      if (due > h.clock.nowMs()) h.clock.advance(due - h.clock.nowMs());
    }
    const step = run.steps[0]!;
    const deletes = h.stripe.requests.filter(
      (r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${ids.subscriptionId}`,
    );
    expect(run.status).toBe("succeeded");
    expect(run.statusReason).toMatch(/subscription was canceled/);
    expect(step.result).toMatchObject({
      alreadyDone: expect.stringMatching(/^the subscription was already canceled at /),
      stripeAnswered: expect.stringMatching(/^404 resource_missing: No such subscription/),
    });
    expect(deletes.map((r) => r.status)).toEqual([null, 404]);
    const cancels = h.stripe.effectLog.filter(
      (effect) => effect.eventType === "customer.subscription.deleted" && effect.object.id === ids.subscriptionId,
    );
    expect(cancels).toHaveLength(1);
    rows.push(
      `${name} ×1|${step.attempts} attempt(s), ${deletes.length} DELETEs (the second answered 404 resource_missing)|succeeded: ${String((step.result as { alreadyDone: string }).alreadyDone).replace(/ at .*/, "")}|${cancels.length}`,
    );
  });

  it("a resource Stripe does not have (404) fails the step at once with Stripe's message", async () => {
    await h.reset();
    await h.automateAtOnce("subscription_payment_failed", ["cancel_subscription"]);
    const { ids } = await h.paymentFails();
    h.stripe.store.delete(ids.subscriptionId!);
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("failed");
    expect(run.steps[0]!.error).toMatch(/No such subscription/i);
    rows.push(`404 resource_missing|1 attempt|failed: ${run.steps[0]!.error}|0`);
  });
});

describe("the client-side rate limit during a burst", () => {
  it("a worker drains 300 due steps at or under 50 requests/s and meets no 429 from a Stripe that enforces 50/s", async () => {
    const rate = 50;
    const database = await createTestDatabase("postgresql");
    const stripe = await startStripeServer();
    enforceRateLimit(stripe, rate);
    try {
      await seedDueSteps(database.db, stripe, { count: 300, dueAt: () => new Date(Date.now() - 1000) });
      const worker = await startWorkerProcess({ databaseUrl: database.url, stripe, stripeRatePerSecond: rate });
      const seconds = await waitUntilDrained(database.db);
      await worker.stop();
      const arrivals = stripe.requests.map((request) => request.at).sort((a, b) => a - b);
      let busiestWindow = 0;
      for (let i = 0, j = 0; i < arrivals.length; i++) {
        while (arrivals[i]! - arrivals[j]! >= 1000) j++;
        busiestWindow = Math.max(busiestWindow, i - j + 1);
      }
      const refused = stripe.requests.filter((request) => request.status === 429).length;
      recordFigures("stripe-faults", "rate-limit-burst", {
        title: `a burst of 300 due steps (600 requests) through one worker limited to ${rate} requests/s`,
        database: "PostgreSQL",
        figures: {
          requests: arrivals.length,
          "busiest 1-second window": busiestWindow,
          limit: rate,
          "429s from Stripe": refused,
          "mean requests/s": (arrivals.length / seconds).toFixed(1),
        },
      });
      expect(busiestWindow).toBeLessThanOrEqual(rate);
      expect(refused).toBe(0);
      expect(await database.db.runStep.count({ where: { status: "succeeded" } })).toBe(300);
    } finally {
      await stripe.close();
      await database.drop();
    }
  });
});

afterAll(() => {
  recordFigures("stripe-faults", "faults", {
    title: "faults injected on a step's Stripe call",
    database: "PostgreSQL",
    figures: Object.fromEntries(
      rows.map((row) => {
        const [fault, attempts, outcome, effects] = row.split("|");
        return [fault!, `${attempts} → ${outcome}; changes made: ${effects}`];
      }),
    ),
  });
});
