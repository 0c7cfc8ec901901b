// What an operator watches: GET /api/health (liveness, readiness) and /metrics (Prometheus).
import { describe, expect, it } from "vitest";
import { setEngineForTests } from "../../lib/engine/engine";
import { recordHeartbeat } from "../../lib/jobs/heartbeat";
import { WORKER_SILENT_AFTER_SECONDS } from "../../lib/health/check-health";
import { harnessForThisFile } from "../support/harness";

const METRICS_TOKEN = "metrics-token-0123456789";
const h = harnessForThisFile({ env: { METRICS_TOKEN } });

const routes = () => import("../support/routes");

async function health(query = "") {
  const response = await (await routes()).call("GET", `/api/health${query}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function scrape(token: string | null = METRICS_TOKEN) {
  const response = await (
    await routes()
  ).call("GET", "/metrics", {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, text: await response.text(), type: response.headers.get("content-type") };
}

/** The value of one series in a scrape, 0 when it is not there yet. */
function value(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/health", () => {
  it("is live without asking anything, and ready only once a worker has ticked within the minute", async () => {
    expect(await health("?probe=live")).toEqual({ status: 200, body: { status: "live" } });
    await h.database.db.workerHeartbeat.deleteMany();
    const never = await health();
    expect(never.status).toBe(503);
    expect(never.body).toMatchObject({
      status: "not ready",
      ready: false,
      checks: {
        database: { ok: true },
        worker: { ok: false, error: expect.stringMatching(/no worker has ever ticked/) },
      },
    });

    await recordHeartbeat(h.engine, h.clock.now());
    expect(await health()).toMatchObject({
      status: 200,
      body: { ready: true, checks: { worker: { ok: true, workersTicking: 1, lastTickSecondsAgo: 0 } } },
    });

    h.clock.advance((WORKER_SILENT_AFTER_SECONDS + 1) * 1000);
    const silent = await health();
    expect(silent.status).toBe(503);
    expect(silent.body).toMatchObject({
      checks: {
        worker: { error: expect.stringMatching(/no worker has ticked in the last 60 s \(the last one 61 s ago\)/) },
      },
    });
  });
});

describe("GET /metrics", () => {
  it("answers only a bearer of METRICS_TOKEN", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("wrong-token-0123456789")).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("counts deliveries, runs, steps and Stripe's answers, and reads the backlog when scraped", async () => {
    const before = (await scrape()).text;
    await h.automateAtOnce("subscription_payment_failed", ["mark_invoice_uncollectible"]);
    const { ids } = await h.paymentFails();
    // One step due in a day, waiting: the backlog gauges see it once its time has come.
    await h.automateAtOnce("invoice_finalized", [{ action: "send_team_email", params: { to: ["ops@example.com"] } }]);
    await h.tick();
    const after = (await scrape()).text;
    const grew = (series: string) => value(after, series) - value(before, series);

    expect(grew('billing_automations_events_received_total{type="invoice.payment_failed",outcome="stored"}')).toBe(1);
    expect(grew('billing_automations_events_matched_total{outcome="processed"}')).toBe(1);
    expect(grew('billing_automations_runs_started_total{trigger="subscription_payment_failed"}')).toBe(1);
    expect(grew('billing_automations_runs_ended_total{status="succeeded"}')).toBe(1);
    expect(grew('billing_automations_steps_total{action="mark_invoice_uncollectible",outcome="succeeded"}')).toBe(1);
    expect(
      grew(
        'billing_automations_stripe_requests_total{method="POST",endpoint="/v1/invoices/:id/mark_uncollectible",status="200"}',
      ),
    ).toBe(1);
    expect(after).toMatch(/^billing_automations_stripe_rate_limit_wait_seconds_count /m);
    expect(after).not.toContain(ids.invoiceId);
    for (const gauge of [
      "steps_due",
      "oldest_due_step_lag_seconds",
      "events_pending",
      "worker_last_tick_age_seconds",
    ]) {
      expect(after).toMatch(new RegExp(`^billing_automations_${gauge} -?[\\d.]+$`, "m"));
    }
  });

  it("shows due steps waiting and how late the oldest is", async () => {
    await h.reset();
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    await h.paymentFails();
    h.clock.advance(90_000);
    const text = (await scrape()).text;
    expect(value(text, "billing_automations_steps_due")).toBe(1);
    expect(value(text, "billing_automations_oldest_due_step_lag_seconds")).toBeGreaterThanOrEqual(90);
  });

  it("is off, a 404, without METRICS_TOKEN", async () => {
    setEngineForTests({ ...h.engine, config: { ...h.engine.config, metricsToken: undefined } });
    try {
      expect((await scrape()).status).toBe(404);
    } finally {
      setEngineForTests(h.engine);
    }
  });
});
