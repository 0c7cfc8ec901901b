import { Engine, type Almanac, type RuleProperties, type RuleResult } from "json-rules-engine";

import { describeCondition } from "@/lib/automations/describe";
import type { Condition, ConditionType } from "@/lib/automations/schema";
import { triggerDefinitions, type Trigger } from "@/lib/automations/triggers";
import {
  asRecord,
  customerIdOf,
  expandedCustomerMetadata,
  invoiceAmount,
  invoiceExpandedSubscription,
  invoiceLineInterval,
  invoiceLineProductIds,
  invoiceLinesHaveMore,
  invoiceMetadata,
  invoiceSubscriptionId,
  sameBillingPeriod,
  subscriptionInterval,
  subscriptionItemsHaveMore,
  subscriptionProductIds,
  type BillingPeriod,
  type StripeObject,
} from "@/lib/rules/facts";
import { toDefaultCurrencyMinor, type ExchangeRates } from "@/lib/rules/money";

// Picks the automation an event runs: the first, in priority order, whose conditions all hold.
// Each automation is one json-rules-engine rule; facts that need Stripe are dynamic facts, so they
// are read only when a condition asks and the almanac's cache makes that once per event.

// ---- public types ---------------------------------------------------------------------------

/**
 * A customer as the SDK returns it (`Customer | DeletedCustomer`) or as raw JSON. `deleted` is
 * unknown because the SDK types it `void` on a live customer and `true` on a deleted one.
 */
export type CustomerLike = { metadata?: Record<string, string> | null; deleted?: unknown };
/** Any subscription shape (SDK type or raw JSON); read loosely like the payloads. */
export type StripeSubscriptionLike = object;

/** Provided by the caller; null = unavailable (dry-run, or not found). Errors propagate. */
export interface FactLoaders {
  customer(id: string): Promise<CustomerLike | null>;
  subscription(id: string): Promise<StripeSubscriptionLike | null>;
}

export interface AutomationToMatch {
  id: string;
  name: string;
  /** 1 = first; shown in the trace. The array order is what decides. */
  priority: number;
  conditions: Condition[];
}

export interface ConditionTrace {
  type: ConditionType;
  description: string;
  expected: unknown;
  /** The fact found; amounts in minor units of the default currency. null when unknown. */
  actual: unknown;
  passed: boolean;
  /** Why the fact could not be known; the condition then fails. */
  unavailable?: string;
  /** Set when the condition was not evaluated because an earlier one already failed. */
  skipped?: string;
}

export interface AutomationTrace {
  automationId: string;
  name: string;
  priority: number;
  matched: boolean;
  conditions: ConditionTrace[];
}

export interface MatchTrace {
  trigger: Trigger;
  matchedAutomationId: string | null;
  summary: string;
  /** In the order checked; automations after the winner are not checked and not listed. */
  checked: AutomationTrace[];
  stripeReads: { customer: number; subscription: number };
}

export const NO_MATCH_SUMMARY = "No automation matched — Stripe's default settings apply";

export interface EvaluateAutomationsOptions {
  trigger: Trigger;
  /** Active automations of the trigger, already in priority order. */
  automations: AutomationToMatch[];
  /** The event's data.object: an invoice or a subscription, per the trigger. */
  object: object;
  loaders: FactLoaders;
  settings: { defaultCurrency: string; exchangeRates: ExchangeRates };
  /** Shown when a loader returns null, e.g. "dry-run: no STRIPE_SECRET_KEY". */
  unavailableReason?: string;
}

// ---- facts ----------------------------------------------------------------------------------

/** A fact's value, or why it is unknown; `incomplete` marks a list that is only the payload's first page. */
type FactOutcome<T> = { value: T; unavailable?: undefined; incomplete?: string } | { value: null; unavailable: string };

const available = <T>(value: T, incomplete?: string): FactOutcome<T> =>
  incomplete ? { value, incomplete } : { value };
const unavailable = (reason: string): FactOutcome<never> => ({ value: null, unavailable: reason });

const FACT = {
  customer: "customer",
  subscription: "subscription",
  customerMetadata: "customerMetadata",
  invoiceMetadata: "invoiceMetadata",
  invoiceAmount: "invoiceAmount",
  subscriptionInterval: "subscriptionInterval",
  productIds: "productIds",
} as const;

const NO_INVOICE = "no invoice on this trigger";

interface FactContext {
  options: EvaluateAutomationsOptions;
  object: StripeObject;
  isInvoice: boolean;
  reads: MatchTrace["stripeReads"];
  /** Stops the engine before a loader error propagates, so no later rule starts another read. */
  stopEngine: () => void;
}

function notLoaded(what: string, id: string, reason: string | undefined): string {
  return reason ? `could not read ${what} ${id}: ${reason}` : `${what} ${id} was not found in Stripe`;
}

async function callLoader<T>(ctx: FactContext, what: "customer" | "subscription", load: () => Promise<T>): Promise<T> {
  ctx.reads[what] += 1;
  try {
    return await load();
  } catch (error) {
    ctx.stopEngine();
    // A failed read must not count as "condition failed": that would fall through to the next automation.
    throw new Error(`reading ${what} from Stripe failed while matching automations`, { cause: error });
  }
}

async function loadCustomerMetadata(ctx: FactContext): Promise<FactOutcome<Record<string, string>>> {
  const expanded = expandedCustomerMetadata(ctx.object);
  if (expanded) return available(expanded);
  const id = customerIdOf(ctx.object);
  if (!id) return unavailable(`the ${ctx.isInvoice ? "invoice" : "subscription"} has no customer`);
  const customer = await callLoader(ctx, "customer", () => ctx.options.loaders.customer(id));
  if (!customer) return unavailable(notLoaded("customer", id, ctx.options.unavailableReason));
  if (customer.deleted === true) return unavailable(`customer ${id} was deleted`);
  return available(customer.metadata ?? {});
}

async function loadSubscription(ctx: FactContext): Promise<FactOutcome<StripeObject>> {
  if (!ctx.isInvoice) return available(ctx.object);
  const expanded = invoiceExpandedSubscription(ctx.object);
  if (expanded) return available(expanded);
  const id = invoiceSubscriptionId(ctx.object);
  if (!id) return unavailable("the invoice does not belong to a subscription");
  const subscription = asRecord(await callLoader(ctx, "subscription", () => ctx.options.loaders.subscription(id)));
  if (!subscription) return unavailable(notLoaded("subscription", id, ctx.options.unavailableReason));
  return available(subscription);
}

function invoiceAmountFact(ctx: FactContext): FactOutcome<number> {
  if (!ctx.isInvoice) return unavailable(NO_INVOICE);
  const amount = invoiceAmount(ctx.object);
  if (!amount) return unavailable("the invoice has no amount_due or total");
  const { defaultCurrency, exchangeRates } = ctx.options.settings;
  const converted = toDefaultCurrencyMinor({ ...amount, defaultCurrency, exchangeRates });
  if (converted === null) return unavailable(`no exchange rate for ${amount.currency.toUpperCase()}`);
  return available(converted);
}

/** `{ interval, intervalCount }` as Stripe states it (month × 3 stays month × 3), or null when no price says. */
async function subscriptionIntervalFact(
  ctx: FactContext,
  almanac: Almanac,
): Promise<FactOutcome<BillingPeriod | null>> {
  // Older payloads state the period on the invoice lines, which saves reading the subscription;
  // basil and later lines name only the price's id, so the subscription is read then.
  const fromLines = ctx.isInvoice ? invoiceLineInterval(ctx.object) : null;
  if (fromLines) return available(fromLines);
  const subscription = await almanac.factValue<FactOutcome<StripeObject>>(FACT.subscription);
  if (subscription.unavailable !== undefined) return subscription;
  return available(subscriptionInterval(subscription.value));
}

function productIdsFact(ctx: FactContext): FactOutcome<string[]> {
  if (ctx.isInvoice) {
    const partial = invoiceLinesHaveMore(ctx.object) ? "the payload lists only the invoice's first lines" : undefined;
    return available(invoiceLineProductIds(ctx.object), partial);
  }
  const partial = subscriptionItemsHaveMore(ctx.object)
    ? "the payload lists only the subscription's first items"
    : undefined;
  return available(subscriptionProductIds(ctx.object), partial);
}

function metadataValue(
  metadata: FactOutcome<Record<string, string>>,
  params: Record<string, unknown>,
): FactOutcome<string | null> {
  if (metadata.unavailable !== undefined) return metadata;
  const key = String(params.key);
  // hasOwn: a key such as "constructor" must not find Object.prototype's.
  return available(Object.hasOwn(metadata.value, key) ? (metadata.value[key] ?? null) : null);
}

function addFacts(engine: Engine, ctx: FactContext): void {
  // Parameterless, so the almanac caches each for the whole run: one read per event at most.
  engine.addFact(FACT.customer, () => loadCustomerMetadata(ctx));
  engine.addFact(FACT.subscription, () => loadSubscription(ctx));

  engine.addFact(FACT.customerMetadata, async (params, almanac) =>
    metadataValue(await almanac.factValue<FactOutcome<Record<string, string>>>(FACT.customer), params),
  );
  engine.addFact(FACT.invoiceMetadata, (params) =>
    metadataValue(ctx.isInvoice ? available(invoiceMetadata(ctx.object)) : unavailable(NO_INVOICE), params),
  );
  engine.addFact(FACT.invoiceAmount, () => invoiceAmountFact(ctx));
  engine.addFact(FACT.subscriptionInterval, (_params, almanac) => subscriptionIntervalFact(ctx, almanac));
  engine.addFact(FACT.productIds, () => productIdsFact(ctx));
}

// ---- operators ------------------------------------------------------------------------------

type AmountRange = { min: number | null; max: number | null };

// Every fact is a FactOutcome, so each operator first refuses an unavailable fact.
function addOperators(engine: Engine): void {
  engine.addOperator<FactOutcome<unknown>, unknown>(
    "equalsAvailable",
    (fact, expected) => fact.unavailable === undefined && fact.value === expected,
  );
  engine.addOperator<FactOutcome<number>, AmountRange>("amountInRange", (fact, range) => {
    if (fact.unavailable !== undefined) return false;
    return (range.min === null || fact.value >= range.min) && (range.max === null || fact.value <= range.max);
  });
  // Exactly the same billing period: monthly does not match a quarterly price; month × 12 is yearly.
  engine.addOperator<FactOutcome<BillingPeriod | null>, BillingPeriod>(
    "sameBillingPeriod",
    (fact, expected) =>
      fact.unavailable === undefined && fact.value !== null && sameBillingPeriod(fact.value, expected),
  );
  engine.addOperator<FactOutcome<string[]>, string[]>(
    "containsAny",
    (fact, expected) => fact.unavailable === undefined && fact.value.some((id) => expected.includes(id)),
  );
}

// ---- compiling ------------------------------------------------------------------------------

interface CompiledCondition {
  fact: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown>;
  /** Conditions read from the payload go first; those that may need Stripe run only if they pass. */
  priority: number;
}

const FROM_PAYLOAD = 2;
const MAY_READ_STRIPE = 1;

function compileCondition(condition: Condition): CompiledCondition {
  switch (condition.type) {
    case "customer_metadata":
      return {
        fact: FACT.customerMetadata,
        params: { key: condition.key },
        operator: "equalsAvailable",
        value: condition.value,
        priority: MAY_READ_STRIPE,
      };
    case "invoice_metadata":
      return {
        fact: FACT.invoiceMetadata,
        params: { key: condition.key },
        operator: "equalsAvailable",
        value: condition.value,
        priority: FROM_PAYLOAD,
      };
    case "invoice_amount":
      return {
        fact: FACT.invoiceAmount,
        operator: "amountInRange",
        value: { min: condition.min, max: condition.max },
        priority: FROM_PAYLOAD,
      };
    case "subscription_interval":
      return {
        fact: FACT.subscriptionInterval,
        operator: "sameBillingPeriod",
        value: { interval: condition.interval, intervalCount: condition.intervalCount ?? 1 } satisfies BillingPeriod,
        priority: MAY_READ_STRIPE,
      };
    case "product":
      return { fact: FACT.productIds, operator: "containsAny", value: condition.products, priority: FROM_PAYLOAD };
  }
}

/**
 * One rule per automation, all conditions ANDed. Rule priorities are distinct and decrease along
 * the given order: json-rules-engine runs rules of equal priority in parallel and engine.stop()
 * cannot stop those, so with ties two automations could both match.
 */
export function compileAutomationRules(automations: readonly AutomationToMatch[]): RuleProperties[] {
  return automations.map((automation, index) => ({
    name: automation.id,
    priority: automations.length - index,
    conditions: { all: automation.conditions.map(compileCondition) },
    event: { type: "automation_matched", params: { automationId: automation.id } },
  }));
}

// ---- tracing --------------------------------------------------------------------------------

type EvaluatedCondition = { result?: boolean; factResult?: unknown };

const NOT_CHECKED = "not checked: an earlier condition failed";

function traceCondition(
  condition: Condition,
  evaluated: EvaluatedCondition | undefined,
  currency: string,
): ConditionTrace {
  const base = {
    type: condition.type,
    description: describeCondition(condition, currency),
    expected: compileCondition(condition).value,
  };
  if (evaluated?.result === undefined) return { ...base, actual: null, passed: false, skipped: NOT_CHECKED };
  const fact = evaluated.factResult as FactOutcome<unknown>;
  const passed = evaluated.result;
  const trace: ConditionTrace = { ...base, actual: fact.value, passed };
  if (fact.unavailable !== undefined) trace.unavailable = fact.unavailable;
  else if (!passed && fact.incomplete) trace.unavailable = fact.incomplete;
  return trace;
}

function traceAutomation(automation: AutomationToMatch, result: RuleResult, currency: string): AutomationTrace {
  const evaluated = (result.conditions as { all?: EvaluatedCondition[] }).all ?? [];
  return {
    automationId: automation.id,
    name: automation.name,
    priority: automation.priority,
    matched: result.result === true,
    conditions: automation.conditions.map((condition, index) => traceCondition(condition, evaluated[index], currency)),
  };
}

function buildTrace(
  options: EvaluateAutomationsOptions,
  results: RuleResult[],
  reads: MatchTrace["stripeReads"],
): MatchTrace {
  // Lists what the engine actually evaluated; the engine stopping at the first success is what
  // keeps later automations out, so a test would see it if that ever broke.
  const byId = new Map(results.map((result) => [result.name, result]));
  const checked = options.automations.flatMap((automation) => {
    const result = byId.get(automation.id);
    return result ? [traceAutomation(automation, result, options.settings.defaultCurrency)] : [];
  });
  const winner = checked.find((automation) => automation.matched);
  return {
    trigger: options.trigger,
    matchedAutomationId: winner?.automationId ?? null,
    summary: winner ? `Matched “${winner.name}” (priority ${winner.priority})` : NO_MATCH_SUMMARY,
    checked,
    stripeReads: reads,
  };
}

// ---- entry point ----------------------------------------------------------------------------

export async function evaluateAutomations(options: EvaluateAutomationsOptions): Promise<MatchTrace> {
  const engine = new Engine();
  const ctx: FactContext = {
    options,
    object: asRecord(options.object) ?? {},
    isInvoice: triggerDefinitions[options.trigger].objectType === "invoice",
    reads: { customer: 0, subscription: 0 },
    stopEngine: () => engine.stop(),
  };
  addFacts(engine, ctx);
  addOperators(engine);
  for (const rule of compileAutomationRules(options.automations)) engine.addRule(rule);
  // First match wins: rules of lower priority are skipped once one succeeds.
  engine.on("success", () => {
    engine.stop();
  });

  const { results, failureResults } = await engine.run();
  return buildTrace(options, [...results, ...failureResults], ctx.reads);
}
