import { conditionDefinition, isConditionType } from "@/lib/conditions";
import { NO_MATCH_SUMMARY, type ConditionTrace, type MatchTrace } from "@/lib/rules/evaluate-automations";
import { triggerLabel } from "@/lib/triggers";

// A match trace in words for the event page: each automation checked, in priority order, each
// condition with the value found and its verdict. Verdicts carry a symbol AND a word, so the page
// never relies on colour alone.

type ConditionVerdict = "passed" | "failed" | "unavailable" | "skipped";

export interface DescribedCondition {
  verdict: ConditionVerdict;
  /** ✓ passed · ✗ failed or unknown · – not checked */
  symbol: "✓" | "✗" | "–";
  /** "passed", "failed", "unknown", "not checked" */
  verdictLabel: string;
  /** What the condition asks: "Invoice amount at least $500.00". */
  description: string;
  /** The value found, in words: "found $120.00", "found nothing: the key is not set", or why it is unknown. */
  found: string;
  /** The whole line: "✓ Invoice metadata region = eu — passed: found “eu”". */
  sentence: string;
}

interface DescribedAutomation {
  automationId: string;
  name: string;
  priority: number;
  matched: boolean;
  /** "matched" or "did not match". */
  verdictLabel: string;
  /** "1. “Annual dunning” (priority 1) — ✓ matched" */
  heading: string;
  /** Empty when the automation has no conditions; `noConditions` says so in words then. */
  conditions: DescribedCondition[];
  noConditions?: string;
}

export interface DescribedTrace {
  trigger: string;
  triggerLabel: string;
  matched: boolean;
  /** The automation that won, if any. */
  winner: { automationId: string; name: string; priority: number } | null;
  automations: DescribedAutomation[];
  /** "Matched “X” (priority 1)" or "No automation matched — Stripe's default settings apply". */
  summary: string;
  /** The winner held this match out: no run, Stripe's default settings apply (lib/outcomes/holdout.ts). */
  heldOut: boolean;
  /** Set when nothing was checked at all: no active automation on the trigger. */
  nothingChecked?: string;
}

/** The fact found, as the condition's own definition says it; amounts are minor units of the default currency. */
function describeActual(condition: ConditionTrace, currency: string): string {
  const { actual } = condition;
  if (isConditionType(condition.type)) return conditionDefinition(condition.type).describeFound(actual, currency);
  // A condition this version no longer knows, kept in an old trace.
  return actual === null || actual === undefined ? "found nothing" : `found ${JSON.stringify(actual)}`;
}

const quoted = (value: string) => `“${value}”`;

export function describeConditionTrace(condition: ConditionTrace, currency: string): DescribedCondition {
  const base = { description: condition.description };
  let described: Omit<DescribedCondition, "sentence">;
  if (condition.skipped) {
    const reason = condition.skipped.replace(/^not checked:\s*/, "");
    described = { ...base, verdict: "skipped", symbol: "–", verdictLabel: "not checked", found: reason };
  } else if (condition.unavailable && !condition.passed) {
    // An unknown fact fails its condition; a partial list (the payload's first page) is a caveat, not a value.
    const found =
      condition.actual === null || condition.actual === undefined
        ? condition.unavailable
        : `${describeActual(condition, currency)} (${condition.unavailable})`;
    described = { ...base, verdict: "unavailable", symbol: "✗", verdictLabel: "unknown", found };
  } else if (condition.passed) {
    described = {
      ...base,
      verdict: "passed",
      symbol: "✓",
      verdictLabel: "passed",
      found: describeActual(condition, currency),
    };
  } else {
    described = {
      ...base,
      verdict: "failed",
      symbol: "✗",
      verdictLabel: "failed",
      found: describeActual(condition, currency),
    };
  }
  return {
    ...described,
    sentence: `${described.symbol} ${described.description} — ${described.verdictLabel}: ${described.found}`,
  };
}

/**
 * The trace of one trigger in words. `currency` is the account's default currency (settings):
 * the trace keeps amounts in its minor units.
 */
export function describeTrace(trace: MatchTrace, options: { currency: string }): DescribedTrace {
  const automations = trace.checked.map((automation, index): DescribedAutomation => {
    const verdictLabel = automation.matched ? "matched" : "did not match";
    return {
      automationId: automation.automationId,
      name: automation.name,
      priority: automation.priority,
      matched: automation.matched,
      verdictLabel,
      heading: `${index + 1}. ${quoted(automation.name)} (priority ${automation.priority}) — ${automation.matched ? "✓" : "✗"} ${verdictLabel}`,
      conditions: automation.conditions.map((condition) => describeConditionTrace(condition, options.currency)),
      ...(automation.conditions.length === 0
        ? { noConditions: "No conditions: it matches every event of this trigger." }
        : {}),
    };
  });
  const winner = trace.checked.find((automation) => automation.matched) ?? null;
  const trigger = String(trace.trigger);
  return {
    trigger,
    triggerLabel: triggerLabel(trigger),
    matched: winner !== null,
    winner: winner ? { automationId: winner.automationId, name: winner.name, priority: winner.priority } : null,
    heldOut: trace.heldOut === true,
    automations,
    summary: winner ? trace.summary || `Matched ${quoted(winner.name)}` : NO_MATCH_SUMMARY,
    ...(trace.checked.length === 0 ? { nothingChecked: "No active automation on this trigger was checked." } : {}),
  };
}
