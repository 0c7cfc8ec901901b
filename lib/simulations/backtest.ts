// What a set of automations would have done with events that already happened: each stored event
// goes through the real classification (lib/events/classify-event.ts) and the real matching
// (lib/rules/evaluate-automations.ts) against the given set, beside what actually happened (its
// Evaluation rows). Nothing is written: no run, no evaluation, no Stripe write, no email, no HTTP.
// Facts come from the stored payloads; a fact a payload lacks is read from Stripe — a GET, through
// the rate limiter — once per object for the whole backtest, and the reads are counted in the result.
import { z } from "zod";
import type { Engine } from "@/lib/engine/engine";
import { invalid, parseOrThrow } from "@/lib/errors";
import { classifyEvent } from "@/lib/events/classify-event";
import { stripeEventSchema } from "@/lib/events/stripe-event";
import { invoiceAmount, type StripeObject } from "@/lib/rules/facts";
import { toDefaultCurrencyMinor } from "@/lib/money/money";
import { evaluateAutomations, type FactLoaders } from "@/lib/rules/evaluate-automations";
import { computeDueTimes } from "@/lib/runs/compute-due-times";
import { getSettings } from "@/lib/settings/settings";
import { INVOICE_PAYMENTS_EXPAND } from "@/lib/stripe/gateway";
import { TRIGGERS, triggerDefinitions, type Trigger } from "@/lib/triggers";
import { strictFields } from "@/lib/zod/strict-fields";
import { automationKey, automationSetSchema, resolveAutomationSet, type SimulatedAutomation } from "./automation-set";
import { readOnlyGateway } from "./sandbox";

/** The most events one backtest replays (a window holding more is refused: narrow it). */
export const MAX_BACKTEST_EVENTS = 10_000;
/** The widest window. */
export const MAX_BACKTEST_DAYS = 92;
export const DEFAULT_BACKTEST_DAYS = 30;
const DAY_MS = 86_400_000;

const isoDate = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date and time, e.g. 2026-11-01T00:00:00Z` });

export const backtestInputSchema = strictFields(
  {
    automations: automationSetSchema.optional(),
    eventIds: z
      .array(z.string().regex(/^evt_[A-Za-z0-9_]+$/, { error: "each event id must be a Stripe event id (evt_…)" }), {
        error: "eventIds must be a list of event ids",
      })
      .min(1, { error: "eventIds must list at least one event (leave it out to replay a window)" })
      .max(MAX_BACKTEST_EVENTS, { error: `eventIds: at most ${MAX_BACKTEST_EVENTS.toLocaleString("en-US")}` })
      .optional(),
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
    /** Only the checks of this trigger (the editor's and the priority panel's question). */
    trigger: z.enum(TRIGGERS, { error: `trigger must be one of: ${TRIGGERS.join(", ")}` }).optional(),
  },
  "a simulation",
).superRefine((input, ctx) => {
  if (input.eventIds && (input.from || input.to)) {
    ctx.addIssue({ code: "custom", path: ["eventIds"], message: "give eventIds or a window (from, to), not both" });
  }
  if (input.from && input.to && Date.parse(input.from) > Date.parse(input.to)) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" });
  }
});

export type BacktestInput = z.input<typeof backtestInputSchema>;

export interface SimulatedStep {
  action: string;
  dueAt: string;
}

export interface BacktestResult {
  eventId: string;
  eventType: string;
  trigger: Trigger;
  objectId: string;
  receivedAt: string;
  /** What happened: the automation whose run the event started (null: none matched). */
  actual:
    { automationId: string | null; name?: string; runId: string | null } | { automationId: null; notEvaluated: string };
  simulated: { automationId: string | null; name?: string; steps: SimulatedStep[] };
  /** The event changes hands: another automation (or none) would take it. */
  changed: boolean;
  /** The invoice's amount due in the default currency (minor units), null for a subscription or no rate. */
  amount: number | null;
  /** What the simulated match said, e.g. "“Annual dunning” matched" or why nothing did. */
  summary: string;
}

export interface BacktestSummary {
  events: number;
  /** Trigger checks replayed (an event can fire more than one trigger). */
  checks: number;
  changed: number;
  /** Simulated matches per automation (its id, or a draft's name). */
  byAutomation: Record<string, number>;
  /** Amounts due of the invoices concerned, in the default currency's minor units. */
  amountAtStake: { currency: string; matched: number; changed: number; unconverted: number };
  /** Stripe reads made for facts the payloads lacked (GETs only, through the rate limiter). */
  stripeReads: { customer: number; subscription: number; paymentFailure: number };
  window: { from: string; to: string } | null;
  /** Events that could not be replayed, with why (a payload that no longer reads). */
  skipped: Array<{ eventId: string; reason: string }>;
}

export interface Backtest {
  results: BacktestResult[];
  summary: BacktestSummary;
}

type StoredEvent = { id: string; type: string; payload: unknown; receivedAt: Date };

async function storedEvents(engine: Pick<Engine, "db" | "now">, input: z.output<typeof backtestInputSchema>) {
  const select = { id: true, type: true, payload: true, receivedAt: true } as const;
  if (input.eventIds) {
    const ids = [...new Set(input.eventIds)];
    const rows = await engine.db.event.findMany({ where: { id: { in: ids } }, select });
    const found = new Set(rows.map((row) => row.id));
    const missing = input.eventIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ path: `eventIds.${index}`, message: `no stored event has the id ${id}` }],
    );
    if (missing.length > 0)
      throw invalid(`invalid simulation: ${missing.map((m) => `${m.path}: ${m.message}`).join("; ")}`, missing);
    return { rows: rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()), window: null };
  }
  const to = input.to ? new Date(input.to) : engine.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_BACKTEST_DAYS * DAY_MS);
  if (to.getTime() - from.getTime() > MAX_BACKTEST_DAYS * DAY_MS) {
    const message = `the window is longer than ${MAX_BACKTEST_DAYS} days: narrow it, or name the events (eventIds)`;
    throw invalid(`invalid simulation: from: ${message}`, [{ path: "from", message }]);
  }
  const where = { receivedAt: { gte: from, lte: to } };
  const count = await engine.db.event.count({ where });
  if (count > MAX_BACKTEST_EVENTS) {
    const message = `the window holds ${count.toLocaleString("en-US")} events, more than the ${MAX_BACKTEST_EVENTS.toLocaleString("en-US")} one simulation replays: narrow it`;
    throw invalid(`invalid simulation: from: ${message}`, [{ path: "from", message }]);
  }
  const rows: StoredEvent[] = await engine.db.event.findMany({
    where,
    select,
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
  });
  return { rows, window: { from: from.toISOString(), to: to.toISOString() } };
}

/** Each object read at most once for the whole backtest, however many events carry it. */
function cachedLoaders(engine: Pick<Engine, "gateway">, reads: BacktestSummary["stripeReads"]): FactLoaders {
  const cache = new Map<string, Promise<object | null>>();
  const once = <T extends object>(kind: keyof typeof reads, id: string, read: () => Promise<T | null>) => {
    const key = `${kind}:${id}`;
    let pending = cache.get(key) as Promise<T | null> | undefined;
    if (!pending) {
      reads[kind] += 1;
      pending = read();
      cache.set(key, pending);
    }
    return pending;
  };
  return {
    customer: (id) => once("customer", id, () => engine.gateway.retrieveCustomer(id)),
    subscription: (id) => once("subscription", id, () => engine.gateway.retrieveSubscription(id)),
    paymentFailure: (id) =>
      once("paymentFailure", id, () => engine.gateway.retrieveInvoice(id, { expand: [...INVOICE_PAYMENTS_EXPAND] })),
  };
}

function amountOf(
  object: StripeObject,
  trigger: Trigger,
  settings: { defaultCurrency: string; exchangeRates: Record<string, number> },
) {
  if (triggerDefinitions[trigger].objectType !== "invoice") return { amount: null, unconverted: false };
  const due = invoiceAmount(object);
  if (!due) return { amount: null, unconverted: false };
  const amount = toDefaultCurrencyMinor({ amount: due.amount, currency: due.currency, ...settings });
  return { amount, unconverted: amount === null };
}

export async function runBacktest(engine: Pick<Engine, "db" | "gateway" | "now">, body: unknown): Promise<Backtest> {
  const input = parseOrThrow(backtestInputSchema, body, "invalid simulation");
  const [set, settings, { rows, window }] = await Promise.all([
    resolveAutomationSet(engine.db, input.automations),
    getSettings(engine.db),
    storedEvents(engine, input),
  ]);
  const byTrigger = new Map<Trigger, SimulatedAutomation[]>(
    TRIGGERS.map((trigger) => [trigger, set.filter((a) => a.trigger === trigger && a.status === "active")]),
  );
  const savedNames = new Map(
    (await engine.db.automation.findMany({ select: { id: true, name: true } })).map((row) => [row.id, row.name]),
  );
  const evaluations = await engine.db.evaluation.findMany({
    where: { eventId: { in: rows.map((row) => row.id) } },
    select: { eventId: true, trigger: true, matchedAutomationId: true, runId: true },
  });
  const actualOf = new Map(evaluations.map((row) => [`${row.eventId}:${row.trigger}`, row]));

  const reads = { customer: 0, subscription: 0, paymentFailure: 0 };
  const loaders = cachedLoaders({ gateway: readOnlyGateway(engine.gateway) }, reads);
  const unavailableReason =
    engine.gateway.mode === "dry-run" ? "not read: no STRIPE_SECRET_KEY (dry-run mode)" : "not found in Stripe";
  const results: BacktestResult[] = [];
  const skipped: BacktestSummary["skipped"] = [];
  const byAutomation: Record<string, number> = {};
  const amountAtStake = { currency: settings.defaultCurrency, matched: 0, changed: 0, unconverted: 0 };

  for (const row of rows) {
    const parsed = stripeEventSchema.safeParse(row.payload);
    if (!parsed.success) {
      skipped.push({
        eventId: row.id,
        reason: `its payload does not read as a Stripe event: ${parsed.error.issues[0]?.message ?? ""}`,
      });
      continue;
    }
    const event = parsed.data;
    for (const intent of classifyEvent(event).intents) {
      if (intent.kind !== "fire" || (input.trigger && intent.trigger !== input.trigger)) continue;
      const automations = byTrigger.get(intent.trigger) ?? [];
      const object = event.data.object as StripeObject;
      const trace = await evaluateAutomations({
        trigger: intent.trigger,
        // Drafts have no id; the trace keys them by name, the results by automationKey.
        automations: automations.map((automation, index) => ({
          id: automationKey(automation),
          name: automation.name,
          priority: index + 1,
          conditions: automation.conditions,
        })),
        object,
        loaders,
        settings,
        unavailableReason,
      });
      const winner = automations.find((automation) => automationKey(automation) === trace.matchedAutomationId) ?? null;
      const actual = actualOf.get(`${row.id}:${intent.trigger}`);
      const actualId = actual?.matchedAutomationId ?? null;
      const changed = (winner?.id ?? (winner ? `draft:${winner.name}` : null)) !== actualId;
      const { amount, unconverted } = amountOf(object, intent.trigger, settings);
      if (winner) {
        const key = automationKey(winner);
        byAutomation[key] = (byAutomation[key] ?? 0) + 1;
        if (amount !== null) amountAtStake.matched += amount;
      }
      if (changed && amount !== null) amountAtStake.changed += amount;
      if (unconverted) amountAtStake.unconverted += 1;
      results.push({
        eventId: row.id,
        eventType: row.type,
        trigger: intent.trigger,
        objectId: intent.objectId,
        receivedAt: row.receivedAt.toISOString(),
        actual: actual
          ? {
              automationId: actualId,
              ...(actualId ? { name: savedNames.get(actualId) ?? actualId } : {}),
              runId: actual.runId,
            }
          : {
              automationId: null,
              notEvaluated:
                "the engine did not check this trigger for this event (another event of the object had, or it was not processed)",
            },
        simulated: {
          automationId: winner?.id ?? null,
          ...(winner ? { name: winner.name } : {}),
          steps: winner
            ? computeDueTimes(winner.steps, intent.anchorAt, intent.dueDate).map((step) => ({
                action: step.action,
                dueAt: step.dueAt.toISOString(),
              }))
            : [],
        },
        changed,
        amount,
        summary: trace.summary,
      });
    }
  }

  return {
    results,
    summary: {
      events: rows.length,
      checks: results.length,
      changed: results.filter((result) => result.changed).length,
      byAutomation,
      amountAtStake,
      stripeReads: reads,
      window,
      skipped,
    },
  };
}
