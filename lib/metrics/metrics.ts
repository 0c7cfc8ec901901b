// What an operator watches, in Prometheus's text format (prom-client): counters this process keeps
// as it works, and gauges read from the database when scraped. Each process has its own registry —
// a web server serves it at /metrics, `npm run worker` on METRICS_PORT — and Prometheus adds them up.
// The domain calls the small functions below; nothing else here knows prom-client.
import client from "prom-client";
import type { Engine } from "@/lib/engine/engine";
import { isHandledEventType } from "@/lib/events/stripe-event";
import { CLAIMABLE } from "@/lib/jobs/claim";

const PREFIX = "billing_automations_";

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new client.Counter({ name: PREFIX + name, help, labelNames, registers: [registry] });
  return {
    registry,
    eventsReceived: counter(
      "events_received_total",
      "Stripe webhook deliveries, by event type and what became of them.",
      ["type", "outcome"],
    ),
    eventsMatched: counter("events_matched_total", "Stored events matched against the automations, by outcome.", [
      "outcome",
    ]),
    runsStarted: counter("runs_started_total", "Runs started, by trigger.", ["trigger"]),
    runsEnded: counter("runs_ended_total", "Runs ended, by status.", ["status"]),
    steps: counter("steps_total", "Steps executed, by action and outcome.", ["action", "outcome"]),
    stripeRequests: counter("stripe_requests_total", "Requests to Stripe, by endpoint and HTTP status.", [
      "method",
      "endpoint",
      "status",
    ]),
    rateLimitWait: new client.Histogram({
      name: `${PREFIX}stripe_rate_limit_wait_seconds`,
      help: "How long a Stripe request waited for its slot under STRIPE_MAX_REQUESTS_PER_SECOND.",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof createMetrics>;
const globalForMetrics = globalThis as { billingAutomationsMetrics?: Metrics };

/** The process's metrics (kept across Next.js dev reloads, which would otherwise register twice). */
function metrics(): Metrics {
  globalForMetrics.billingAutomationsMetrics ??= createMetrics();
  return globalForMetrics.billingAutomationsMetrics;
}

/** Event types the engine does not use are one label: Stripe has hundreds, and each is a series. */
export function countDelivery(type: string | null, outcome: "stored" | "duplicate" | "ignored" | "refused"): void {
  metrics()
    .eventsReceived.labels(type && isHandledEventType(type) ? type : "other", outcome)
    .inc();
}

export function countEventMatched(outcome: "processed" | "failed" | "retrying"): void {
  metrics().eventsMatched.labels(outcome).inc();
}

export function countRunStarted(trigger: string): void {
  metrics().runsStarted.labels(trigger).inc();
}

export function countRunEnded(status: string): void {
  metrics().runsEnded.labels(status).inc();
}

export function countStep(action: string, outcome: "succeeded" | "skipped" | "retrying" | "failed" | "canceled"): void {
  metrics().steps.labels(action, outcome).inc();
}

/** `/v1/invoices/in_123/pay` counts as `/v1/invoices/:id/pay`: one series per endpoint, not per object. */
export function countStripeRequest(method: string, path: string, status: number): void {
  const endpoint = path
    .split("?")[0]!
    .split("/")
    // An id is a prefix, an underscore and random characters (some digit or capital among them),
    // which an action's own segment (mark_uncollectible) never has.
    .map((part) => (/^[a-z]+_\w*[0-9A-Z]\w*$/.test(part) ? ":id" : part))
    .join("/");
  metrics().stripeRequests.labels(method, endpoint, String(status)).inc();
}

export function observeRateLimitWait(ms: number): void {
  metrics().rateLimitWait.observe(ms / 1000);
}

/**
 * The whole text, with the gauges read now: due steps waiting and how late the oldest claimable one
 * is, events stored and not yet matched, and how long since a worker last ticked.
 */
export async function renderMetrics(
  engine: Pick<Engine, "db" | "provider" | "now">,
): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  const backlog = await readBacklog(engine);
  const text = await registry.metrics();
  const gauges = [
    gauge(
      "steps_due",
      "Pending steps whose due time has come (some may wait behind an earlier step).",
      backlog.stepsDue,
    ),
    gauge(
      "oldest_due_step_lag_seconds",
      "How long the oldest step a worker could claim now has been due (0 when none is).",
      backlog.oldestLagSeconds,
    ),
    gauge("events_pending", "Stored events not yet matched.", backlog.eventsPending),
    gauge(
      "worker_last_tick_age_seconds",
      "Seconds since any worker last ticked (-1 when none ever has).",
      backlog.lastTickAgeSeconds,
    ),
  ];
  return { contentType: registry.contentType, body: `${text}\n${gauges.join("\n")}\n` };
}

function gauge(name: string, help: string, value: number): string {
  return `# HELP ${PREFIX}${name} ${help}\n# TYPE ${PREFIX}${name} gauge\n${PREFIX}${name} ${value}`;
}

async function readBacklog(engine: Pick<Engine, "db" | "provider" | "now">) {
  const now = engine.now();
  const [stepsDue, oldest, eventsPending, heartbeat] = await Promise.all([
    engine.db.runStep.count({ where: { status: "pending", dueAt: { lte: now } } }),
    oldestClaimableDueAt(engine, now),
    engine.db.event.count({ where: { status: "pending" } }),
    engine.db.workerHeartbeat.findFirst({ orderBy: { tickedAt: "desc" }, select: { tickedAt: true } }),
  ]);
  return {
    stepsDue,
    oldestLagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    eventsPending,
    lastTickAgeSeconds: heartbeat ? Math.max(0, (now.getTime() - heartbeat.tickedAt.getTime()) / 1000) : -1,
  };
}

/** The claim's own conditions, stopping at the first step in due order: the lag a new claim would see. */
async function oldestClaimableDueAt(engine: Pick<Engine, "db">, now: Date): Promise<Date | null> {
  const rows = await engine.db.$queryRaw<Array<{ dueAt: Date | string | number }>>`
    SELECT c."dueAt" FROM "RunStep" c
    WHERE c."status" = 'pending' AND c."dueAt" <= ${now} AND ${CLAIMABLE}
    ORDER BY c."dueAt"
    LIMIT 1`;
  const value = rows[0]?.dueAt;
  return value === undefined ? null : new Date(value);
}
