// A few months of made-up billing history for a new development database, so the Outcomes page,
// the runs and the events have something to show before any real event arrives. Nothing here
// creates a run, a step or an outcome: every event is built from the recorded Stripe payloads the
// samples use, received as the webhook route receives it and processed by the engine, and every
// step is claimed and executed as the worker does, each at the moment it happens on a virtual clock
// — so the history is exactly what the product makes of such events. Dry-run throughout: nothing
// leaves the process.
import { updateAutomation } from "@/lib/automations/save-automation";
import { STRIPE_RECIPES } from "@/lib/automations/seed-recipes";
import type { Actor } from "@/lib/auth/actor";
import type { Engine } from "@/lib/engine/engine";
import { classifyEvent, type EventIntent } from "@/lib/events/classify-event";
import { processEvent } from "@/lib/events/process-event";
import { receiveStripeEvent } from "@/lib/events/receive-stripe-event";
import { claimDueSteps } from "@/lib/jobs/claim";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { executeStep } from "@/lib/runs/execute-step";
import { stepIdempotencyKey } from "@/lib/runs/idempotency-key";
import { createDryRunGateway } from "@/lib/stripe/gateway";
import { silentWorkSignal } from "@/lib/jobs/work-signal";
import {
  buildSampleEvent,
  signStripePayload,
  type JsonObject,
  type SampleEvent,
  type SampleEventOptions,
  type SampleEventType,
} from "./sample-events";

/** The seed's own actor, as the recipes' seeding records it: the holdout is the seed's doing too. */
const SEEDER: Actor = { kind: "system", label: "seed recipes", origin: "worker" };

/** The share of the annual dunning's matches held out, so the Outcomes page has a comparison. */
export const DEMO_HOLDOUT_PERCENT = 20;

/**
 * The demo account's webhook endpoint is pinned to a version whose invoice lines state the billing
 * period: in dry-run the engine reads nothing from Stripe, and the annual dunning's interval
 * condition still sees yearly subscriptions from the payload alone.
 */
const DEMO_API_VERSION = "2024-06-20";

/** Signs the demo's deliveries, so they pass the webhook's own verification whatever the environment holds. */
const DEMO_WEBHOOK_SECRET = "whsec_demo_history_only";

/** Fixed, so every install gets the same history (only the dates move with `now`). */
const DEMO_SEED = 0x5eed_2026;

const DAY_MS = 86_400_000;
const GOLDEN_RATIO = 0.618_033_988_749_895;

/** What an event can ask that never makes a step or a job due. */
const ENDS_ONLY = new Set<EventIntent["kind"]>(["terminate", "cancel_overdue_check", "outcome"]);

/**
 * How likely a failed payment is paid in the end, by what the engine did with it: the annual
 * dunning's runs collect more than Stripe's default settings alone (its held-out matches), which
 * is what the holdout comparison is there to show; monthly invoices, which no recipe matches, get
 * Stripe's smart retries.
 */
const PAYMENT_PROBABILITY = { run: 0.7, heldOut: 0.4, unmatched: 0.62 } as const;
const VOID_PROBABILITY = 0.04;
const YEARLY_SHARE = 0.35;
/**
 * A small account's week: with its ends, steps and follow-up runs each failure costs the engine
 * some 35 database statements, and the history is seeded when `npm run dev` first starts.
 */
const FAILURES_PER_WEEK: [number, number] = [20, 26];

/** Monthly prices in cents; a yearly plan costs ten months. */
const MONTHLY_PRICES: Array<[price: number, weight: number]> = [
  [2900, 0.35],
  [4900, 0.35],
  [9900, 0.2],
  [24900, 0.1],
];
/** Invoices sent for manual payment: a third of them over the team alert's $500. */
const SEND_INVOICE_AMOUNTS: Array<[amount: number, weight: number]> = [
  [18000, 0.2],
  [32000, 0.25],
  [45000, 0.2],
  [75000, 0.15],
  [120000, 0.12],
  [340000, 0.08],
];

const COMPANIES = [
  "Acme Analytics",
  "Bluebird Labs",
  "Cedar & Co",
  "Driftwood Studio",
  "Evergreen Health",
  "Foxglove Media",
  "Granite Logistics",
  "Harbor Legal",
  "Ironbark Systems",
  "Juniper Foods",
  "Kestrel Robotics",
  "Lantern Learning",
  "Maple Finance",
  "Northwind Travel",
  "Orchid Dental",
  "Pinecone Games",
  "Quartz Security",
  "Redwood Realty",
  "Saffron Kitchens",
  "Tidewater Marine",
  "Umber Architecture",
  "Vantage Fitness",
  "Willow Veterinary",
  "Yarrow Gardens",
  "Zephyr Energy",
];

export interface DemoHistoryReport {
  /** Events stored by the history (the engine's own overdue moments included); 0 when it did nothing. */
  events: number;
  runs: number;
  months: number;
  /** Why nothing was seeded. */
  skipped?: string;
}

/**
 * Seeds `months` of history ending at `now` into a database that has no events yet; a database that
 * has any is left as it is, so calling it again changes nothing. Seed the recipes first: the
 * history is what they make of it (and the annual dunning gets its holdout here, before any match).
 */
export async function seedDemoHistory(
  engine: Engine,
  { now, months = 4 }: { now: Date; months?: number },
): Promise<DemoHistoryReport> {
  if ((await engine.db.event.count()) > 0) {
    return { events: 0, runs: 0, months, skipped: "the database already has events" };
  }
  const annual = await engine.db.automation.findFirst({
    where: { name: STRIPE_RECIPES[0]!.name, trigger: "subscription_payment_failed", deletedAt: null },
  });
  if (annual && annual.holdoutPercent === 0) {
    await updateAutomation(engine, SEEDER, annual.id, { holdoutPercent: DEMO_HOLDOUT_PERCENT });
  }

  const end = now.getTime();
  const startDate = new Date(end);
  startDate.setUTCMonth(startDate.getUTCMonth() - months);
  const start = startDate.getTime();

  const clock = { ms: start };
  const quiet = engine.log.child({ demoHistory: true });
  // The pipeline's routine lines, thousands of them at once, would bury the server's start.
  if (quiet.levelVal < 40) quiet.level = "warn";
  const virtual: Engine = {
    ...engine,
    // Whatever key the environment has, the history never reaches Stripe.
    gateway: createDryRunGateway(),
    config: { ...engine.config, stripeWebhookSecret: DEMO_WEBHOOK_SECRET },
    now: () => new Date(clock.ms),
    log: quiet,
    // Its steps fall due on the virtual clock; a worker woken by them would run them on the real one.
    signal: silentWorkSignal,
  };

  const history = new History(virtual, clock, end, new Random(DEMO_SEED));
  history.plan(start);
  await history.play();

  // The columns the database stamps with its own clock know nothing of the virtual one: the runs
  // list and the events list would show four months of history as started today.
  await fixTimestamps(virtual, now);

  const [events, runs] = await Promise.all([engine.db.event.count(), engine.db.run.count()]);
  return { events, runs, months };
}

/** Only the history's own rows: dated up to `now`, while anything received meanwhile is later. */
async function fixTimestamps(engine: Engine, now: Date): Promise<void> {
  // The engine's own overdue moments are stored at the virtual time they were processed.
  await engine.db.$executeRaw`
    UPDATE "Event" SET "receivedAt" = "processedAt"
    WHERE "source" = 'engine' AND "processedAt" IS NOT NULL AND "processedAt" <= ${now}`;
  await engine.db.$executeRaw`
    UPDATE "Run" SET "createdAt" = (SELECT e."receivedAt" FROM "Event" e WHERE e."id" = "Run"."eventId")
    WHERE EXISTS (SELECT 1 FROM "Event" e WHERE e."id" = "Run"."eventId" AND e."receivedAt" <= ${now})`;
  // The events list marks them as samples: none of them came from Stripe.
  await engine.db.event.updateMany({
    where: { source: "stripe", receivedAt: { lte: now } },
    data: { source: "sample" },
  });
}

// ---------------------------------------------------------------------------------------------
// The plan and its playing

type Arm = "run" | "heldOut" | "unmatched";

/** One customer's subscription, and what its failed invoice's future holds (drawn up front). */
interface Failure {
  base: SampleEventOptions & { created: number };
  company: string;
  paidAfterDays: number;
  voidedAfterDays: number;
  /** When Stripe's own retries give up (the account's settings then write the invoice off). */
  stripeGivesUpAfterDays: number;
  ids: { paid: string; voided: string; uncollectible: string; deleted: string; requests: [string, string] };
}

interface Happening {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

class History {
  private queue = new Heap();
  private seq = 0;
  /** Set by a delivery that may have started a run or scheduled a check. */
  private scheduled = false;
  private matches: Record<Arm, number> = { run: 0, heldOut: 0, unmatched: 0 };

  constructor(
    private engine: Engine,
    private clock: { ms: number },
    private end: number,
    private random: Random,
  ) {}

  /** Draws the whole history's starting points, week by week, before anything is processed. */
  plan(start: number): void {
    const r = this.random;
    for (let week = start; week < this.end; week += 7 * DAY_MS) {
      const failures = r.int(...FAILURES_PER_WEEK);
      for (let i = 0; i < failures; i += 1) this.planFailure(week + r.next() * 7 * DAY_MS);
      const sent = r.int(2, 6);
      for (let i = 0; i < sent; i += 1) this.planSendInvoice(week + r.next() * 7 * DAY_MS);
      const cancellations = r.int(1, 3);
      for (let i = 0; i < cancellations; i += 1) this.planCancellation(week + r.next() * 7 * DAY_MS);
    }
  }

  /** Every happening at its time, and between them every step as it falls due. */
  async play(): Promise<void> {
    let lastTick = this.clock.ms;
    let due = await this.nextDue(lastTick);
    for (;;) {
      const next = this.queue.peek();
      const nextAt = next && next.at <= this.end ? next.at : null;
      if (due !== null && due <= this.end && (nextAt === null || due <= nextAt)) {
        this.clock.ms = Math.max(this.clock.ms, due);
        lastTick = this.clock.ms;
        await this.tick();
        due = await this.nextDue(lastTick);
        continue;
      }
      if (!next || nextAt === null) return;
      this.queue.pop();
      this.clock.ms = Math.max(this.clock.ms, next.at);
      this.scheduled = false;
      await next.run();
      // Only what can start a run brings the next due time forward; an event that ends runs at most
      // leaves a tick with nothing to do.
      if (this.scheduled) due = await this.nextDue(this.clock.ms, true);
    }
  }

  /** On whole seconds, as Stripe dates events: a run's first step is then due the very moment it starts. */
  private at(ms: number, run: () => Promise<void>): void {
    if (ms > this.end) return; // still ahead: the invoice is open today
    this.queue.push({ at: Math.floor(ms / 1000) * 1000, seq: this.seq++, run });
  }

  /** The worker's tick, one step at a time in due order, so the history comes out the same each time. */
  private async tick(withJobs = false): Promise<void> {
    if (withJobs) await runDueJobs(this.engine);
    for (;;) {
      const claimed = await claimDueSteps(this.engine, 50);
      if (claimed.length === 0) return;
      for (const stepId of claimed) await executeStep(this.engine, stepId);
    }
  }

  /**
   * The next moment a step falls due after `after` (from it, when `inclusive`: a run just started
   * has its first step due at once). The only jobs, the overdue checks, are ticked at the due dates
   * the plan gave the invoices.
   */
  private async nextDue(after: number, inclusive = false): Promise<number | null> {
    const since = inclusive ? { gte: new Date(after) } : { gt: new Date(after) };
    const { _min } = await this.engine.db.runStep.aggregate({
      where: { status: "pending", dueAt: since, run: { status: "running" } },
      _min: { dueAt: true },
    });
    return _min.dueAt?.getTime() ?? null;
  }

  /** Received as the webhook route receives it, then processed as its after-response work does. */
  private async deliver(event: SampleEvent): Promise<void> {
    const rawBody = JSON.stringify(event);
    const signature = signStripePayload(rawBody, DEMO_WEBHOOK_SECRET, Math.floor(this.clock.ms / 1000));
    const received = await receiveStripeEvent(this.engine, { rawBody, signature });
    if (received.status !== "stored") return;
    const { intents } = classifyEvent(received.event);
    if (intents.some((intent) => !ENDS_ONLY.has(intent.kind))) this.scheduled = true;
    await processEvent(this.engine, received.eventId, received);
  }

  // ---- subscription payments that fail ----------------------------------------------------

  /** A new customer's subscription and its latest invoice, monthly or yearly, at `at`. */
  private subscriptionAt(at: number): SampleEventOptions & { created: number } {
    const r = this.random;
    const yearly = r.next() < YEARLY_SHARE;
    const monthly = r.weighted(MONTHLY_PRICES);
    return {
      apiVersion: DEMO_API_VERSION,
      customerId: r.id("cus", 14),
      subscriptionId: r.id("sub", 24),
      invoiceId: r.id("in", 24),
      productIds: [r.id("prod", 14)],
      amount: yearly ? monthly * 10 : monthly,
      interval: yearly ? "year" : "month",
      created: Math.floor(at / 1000),
    };
  }

  private planFailure(at: number): void {
    const r = this.random;
    const failure: Failure = {
      base: this.subscriptionAt(at),
      company: r.pick(COMPANIES),
      paidAfterDays: paymentDelayDays(r),
      voidedAfterDays: 2 + r.next() * 10,
      stripeGivesUpAfterDays: 14 + r.next() * 7,
      ids: {
        paid: r.id("evt", 24),
        voided: r.id("evt", 24),
        uncollectible: r.id("evt", 24),
        deleted: r.id("evt", 24),
        requests: [r.id("req", 14), r.id("req", 14)],
      },
    };
    const eventId = r.id("evt", 24);
    this.at(at, async () => {
      await this.deliver(
        invoiceEvent("invoice.payment_failed", failure.base, failure.company, { eventId, attemptCount: 1 }),
      );
      this.planFailureEnd(failure, await this.armOf(failure.base.invoiceId!));
    });
  }

  /** What the engine made of the failure: a run, a held-out match, or no match at all. */
  private async armOf(invoiceId: string): Promise<Arm> {
    const outcome = await this.engine.db.outcome.findUnique({
      where: { trigger_objectId: { trigger: "subscription_payment_failed", objectId: invoiceId } },
      select: { heldOut: true },
    });
    return !outcome ? "unmatched" : outcome.heldOut ? "heldOut" : "run";
  }

  private planFailureEnd(failure: Failure, arm: Arm): void {
    const from = failure.base.created * 1000;
    // Which invoices the holdout takes depends on the automation's id, new on every install: spread
    // evenly over each group's own sequence, the shares paid come out the same whichever they are.
    const fate = (this.matches[arm]++ * GOLDEN_RATIO + 0.5) % 1;
    const paid = fate < PAYMENT_PROBABILITY[arm];
    const voided = !paid && fate < PAYMENT_PROBABILITY[arm] + VOID_PROBABILITY;
    if (paid) {
      this.at(from + failure.paidAfterDays * DAY_MS, () =>
        this.deliver(this.invoiceEnd("invoice.paid", failure, failure.ids.paid)),
      );
    }
    if (voided) {
      this.at(from + failure.voidedAfterDays * DAY_MS, () =>
        this.deliver(this.invoiceEnd("invoice.voided", failure, failure.ids.voided)),
      );
      return;
    }
    if (arm === "run") {
      if (paid && failure.paidAfterDays * DAY_MS < runLengthMs()) return;
      // The run writes the invoice off and cancels the subscription itself, at its last steps'
      // due time: Stripe's events about those calls carry the steps' idempotency keys.
      this.at(from + runLengthMs(), () => this.followRunEnd(failure));
    } else {
      if (paid && failure.paidAfterDays <= failure.stripeGivesUpAfterDays) return;
      // The account's settings for when all retries fail: mark the invoice uncollectible.
      this.at(from + failure.stripeGivesUpAfterDays * DAY_MS, () =>
        this.deliver(this.invoiceEnd("invoice.marked_uncollectible", failure, failure.ids.uncollectible)),
      );
    }
  }

  private async followRunEnd(failure: Failure): Promise<void> {
    const run = await this.engine.db.run.findFirst({
      where: { invoiceId: failure.base.invoiceId, trigger: "subscription_payment_failed" },
      include: { steps: { where: { status: "succeeded" } } },
    });
    if (!run) return;
    const [requestA, requestB] = failure.ids.requests;
    const writeOff = run.steps.find((step) => step.action === "mark_invoice_uncollectible");
    if (writeOff) {
      const request = {
        idempotencyKey: stepIdempotencyKey(writeOff.id, "mark-uncollectible", writeOff.manualRetries),
        requestId: requestA,
      };
      await this.deliver(this.invoiceEnd("invoice.marked_uncollectible", failure, failure.ids.uncollectible, request));
    }
    const cancel = run.steps.find((step) => step.action === "cancel_subscription");
    if (cancel) {
      const request = {
        idempotencyKey: stepIdempotencyKey(cancel.id, "cancel", cancel.manualRetries),
        requestId: requestB,
      };
      await this.deliver(this.subscriptionEnd(failure, request));
    }
  }

  private invoiceEnd(
    type: "invoice.paid" | "invoice.voided" | "invoice.marked_uncollectible",
    failure: Failure,
    eventId: string,
    request?: { idempotencyKey: string; requestId: string },
  ): SampleEvent {
    return endedAt(
      invoiceEvent(type, failure.base, failure.company, {
        eventId,
        ...request,
        ...(type === "invoice.paid" ? { attemptCount: 2 } : {}),
      }),
      this.clock.ms,
    );
  }

  private subscriptionEnd(
    failure: Failure,
    request: { idempotencyKey: string; requestId: string } | null,
  ): SampleEvent {
    return endedAt(
      buildSampleEvent("customer.subscription.deleted", { ...failure.base, eventId: failure.ids.deleted, ...request }),
      this.clock.ms,
    );
  }

  // ---- invoices sent for manual payment ---------------------------------------------------

  private planSendInvoice(at: number): void {
    const r = this.random;
    const created = Math.floor(at / 1000);
    const dueDays = r.next() < 0.6 ? 30 : 14;
    const base: SampleEventOptions & { created: number } = {
      apiVersion: DEMO_API_VERSION,
      customerId: r.id("cus", 14),
      invoiceId: r.id("in", 24),
      subscriptionId: null,
      collectionMethod: "send_invoice",
      amount: r.weighted(SEND_INVOICE_AMOUNTS),
      dueDate: created + dueDays * 86_400,
      created,
    };
    const company = r.pick(COMPANIES);
    const ids = { finalized: r.id("evt", 24), end: r.id("evt", 24) };
    const fate = r.next();
    const spread = r.next();
    this.at(at, () => this.deliver(invoiceEvent("invoice.finalized", base, company, { eventId: ids.finalized })));

    const dueAt = base.dueDate! * 1000;
    // The engine's overdue check falls due then (an invoice paid by then has it canceled).
    this.at(dueAt, async () => {
      await this.tick(true);
      this.scheduled = true;
    });
    // Most are paid by the due date, some after the reminder; a few are voided or written off.
    const [type, endAt]: [SampleEventType, number] =
      fate < 0.55
        ? ["invoice.paid", at + spread * (dueAt - at)]
        : fate < 0.8
          ? ["invoice.paid", dueAt + (1 + spread * 20) * DAY_MS]
          : fate < 0.88
            ? ["invoice.voided", at + (3 + spread * 35) * DAY_MS]
            : ["invoice.marked_uncollectible", dueAt + (30 + spread * 15) * DAY_MS];
    this.at(endAt, () =>
      this.deliver(endedAt(invoiceEvent(type, base, company, { eventId: ids.end, attemptCount: 0 }), this.clock.ms)),
    );
  }

  // ---- customers who cancel ---------------------------------------------------------------

  private planCancellation(at: number): void {
    const subscription = this.subscriptionAt(at);
    const event = buildSampleEvent("customer.subscription.deleted", {
      ...subscription,
      eventId: this.random.id("evt", 24),
    });
    this.at(at, () => this.deliver(event));
  }
}

/** How long the annual dunning's runs last: their last steps fall due then. */
function runLengthMs(): number {
  const delay = STRIPE_RECIPES[0]!.steps.find((step) => step.type === "delay");
  return (delay?.type === "delay" && delay.unit === "days" ? delay.amount : 28) * DAY_MS;
}

/** Most pay within ten days, some within the month, a few after the run is over (some too late to count). */
function paymentDelayDays(r: Random): number {
  const kind = r.next();
  const x = r.next();
  if (kind < 0.8) return 1 + 9 * x * x;
  if (kind < 0.92) return 10 + 18 * x;
  return 29 + 16 * x;
}

/** An invoice event built from the recordings, for one customer, with its name on the invoice. */
function invoiceEvent(
  type: SampleEventType,
  base: SampleEventOptions,
  company: string,
  options: SampleEventOptions,
): SampleEvent {
  const event = buildSampleEvent(type, { ...base, ...options });
  const invoice = event.data.object;
  invoice.customer_name = company;
  invoice.customer_email = `billing@${company.toLowerCase().replace(/[^a-z]+/g, "-")}.example`;
  return event;
}

/**
 * The event of an end that comes `at` (ms) after the invoice it ends: built with the invoice's own
 * timestamps, then dated — the envelope, and the transition Stripe stamps for that end.
 */
function endedAt(event: SampleEvent, at: number): SampleEvent {
  const seconds = Math.floor(at / 1000);
  event.created = seconds;
  const object = event.data.object;
  if (object.object === "subscription") {
    object.canceled_at = seconds;
    object.ended_at = seconds;
    return event;
  }
  const transitions = object.status_transitions as JsonObject;
  const field = { "invoice.paid": "paid_at", "invoice.voided": "voided_at" }[event.type as string];
  transitions[field ?? "marked_uncollectible_at"] = seconds;
  return event;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** mulberry32: a small seeded generator, the same sequence on every machine. */
class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(choices: ReadonlyArray<[T, number]>): T {
    let left = this.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of choices) {
      left -= weight;
      if (left < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** A Stripe-looking id ("in_1P…"): the same on every install. */
  id(prefix: string, length: number): string {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let out = "";
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return `${prefix}_${out}`;
  }
}

/** The happenings by time (ties in the order they were planned). */
class Heap {
  private items: Happening[] = [];

  push(item: Happening): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  peek(): Happening | undefined {
    return this.items[0];
  }

  pop(): Happening | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || !last) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === i) return top;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
  }
}

function before(a: Happening, b: Happening): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
