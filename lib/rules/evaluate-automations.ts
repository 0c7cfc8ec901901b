import { Engine, type RuleProperties, type RuleResult } from "json-rules-engine";

import { CONDITION_TYPES, conditionDefinition, describeCondition, type Condition } from "@/lib/conditions";
import type { CompiledCondition, OperatorFunction } from "@/lib/conditions/definition";
import {
  CUSTOMER_FACT,
  loadCustomerMetadata,
  loadSubscription,
  SHARED_OPERATORS,
  SUBSCRIPTION_FACT,
  type FactContext,
  type FactLoaders,
  type FactOutcome,
} from "@/lib/conditions/facts";
import type { ExchangeRates } from "@/lib/money/money";
import { asRecord } from "@/lib/rules/facts";
import { triggerDefinitions, type Trigger } from "@/lib/triggers";
import type { AutomationTrace, ConditionTrace, MatchTrace } from "./match-trace";

// Picks the automation an event runs: the first, in priority order, whose conditions all hold.
// Each automation is one json-rules-engine rule; facts that need Stripe are dynamic facts, so they
// are read only when a condition asks and the almanac's cache makes that once per event.

// ---- public types ---------------------------------------------------------------------------

export type { FactLoaders } from "@/lib/conditions/facts";

export interface AutomationToMatch {
  id: string;
  name: string;
  /** 1 = first; shown in the trace. The array order is what decides. */
  priority: number;
  conditions: Condition[];
}

export type { AutomationTrace, ConditionTrace, MatchTrace } from "./match-trace";

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

// ---- facts and operators, from every condition ------------------------------------------------

function addFacts(engine: Engine, ctx: FactContext): void {
  // Parameterless, so the almanac caches each for the whole run: one read per event at most.
  engine.addFact(CUSTOMER_FACT, () => loadCustomerMetadata(ctx));
  engine.addFact(SUBSCRIPTION_FACT, () => loadSubscription(ctx));
  for (const type of CONDITION_TYPES) {
    for (const [name, fact] of Object.entries(conditionDefinition(type).facts ?? {})) {
      engine.addFact(name, (params, almanac) => fact(ctx, params as Record<string, unknown>, almanac));
    }
  }
}

function addOperators(engine: Engine): void {
  const operators: Record<string, OperatorFunction> = { ...SHARED_OPERATORS };
  for (const type of CONDITION_TYPES) Object.assign(operators, conditionDefinition(type).operators ?? {});
  for (const [name, operator] of Object.entries(operators)) {
    engine.addOperator<FactOutcome<unknown>, unknown>(name, operator);
  }
}

function compileCondition(condition: Condition): CompiledCondition {
  return conditionDefinition(condition.type).compile(condition);
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
    object: asRecord(options.object) ?? {},
    settings: options.settings,
    loaders: options.loaders,
    unavailableReason: options.unavailableReason,
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
