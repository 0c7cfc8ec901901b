import { describeCondition, describeStep } from "@/lib/automations/describe";
import { triggerDefinitions } from "@/lib/triggers";
import type { AutomationDefinition } from "./automation-versions";

export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** JSON with its keys sorted, so two equal objects written in another key order read the same. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** A condition or step in words, with the fields the words may leave out (a memo, a subject). */
interface Described {
  words: string;
  detail: string;
}

function describedConditions(definition: AutomationDefinition, currency: string): Described[] {
  return definition.conditions.map((condition) => {
    const { type: _type, ...fields } = condition;
    return { words: describeCondition(condition, currency), detail: stableJson(fields) };
  });
}

function describedSteps(definition: AutomationDefinition): Described[] {
  return definition.steps.map((step) => ({
    words: describeStep(step),
    detail: step.type === "action" ? stableJson(step.params ?? {}) : stableJson(step),
  }));
}

/**
 * The words of the items whose details differ between the two sides while their words do not:
 * only those lines carry the details, so a changed memo shows as a changed line and an unchanged
 * step stays one short sentence.
 */
function wordsNeedingDetail(items: Described[]): Set<string> {
  const details = new Map<string, Set<string>>();
  for (const { words, detail } of items) details.set(words, (details.get(words) ?? new Set()).add(detail));
  return new Set([...details].filter(([, seen]) => seen.size > 1).map(([words]) => words));
}

const withDetail = (item: Described, needed: Set<string>) =>
  needed.has(item.words) ? `${item.words} ${item.detail}` : item.words;

function linesOf(
  definition: AutomationDefinition,
  conditions: Described[],
  steps: Described[],
  needed: { conditions: Set<string>; steps: Set<string> },
): string[] {
  const trigger = triggerDefinitions[definition.trigger].label;
  return [
    `Name: ${definition.name}`,
    `Trigger: ${trigger}`,
    `Status: ${definition.status}`,
    `Shadow: ${definition.shadow ? "yes" : "no"}`,
    `Holdout: ${definition.holdoutPercent ? `${definition.holdoutPercent} % of matches` : "none"}`,
    ...(conditions.length === 0
      ? ["Conditions: none (every event of the trigger)"]
      : conditions.map((condition) => `Condition: ${withDetail(condition, needed.conditions)}`)),
    ...steps.map((step, index) => `Step ${index + 1}: ${withDetail(step, needed.steps)}`),
  ];
}

/** Both definitions as the lines diffDefinitions compares: a, then b. */
export function definitionLines(
  a: AutomationDefinition,
  b: AutomationDefinition,
  options: { currency?: string } = {},
): [string[], string[]] {
  const currency = options.currency ?? "usd";
  const conditions = [describedConditions(a, currency), describedConditions(b, currency)] as const;
  const steps = [describedSteps(a), describedSteps(b)] as const;
  const needed = {
    conditions: wordsNeedingDetail([...conditions[0], ...conditions[1]]),
    steps: wordsNeedingDetail([...steps[0], ...steps[1]]),
  };
  return [linesOf(a, conditions[0], steps[0], needed), linesOf(b, conditions[1], steps[1], needed)];
}

/** A line diff by longest common subsequence: what was kept, removed from `before`, added in `after`. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  // common[i][j]: the length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  const at = (i: number, j: number) => common[i]?.[j] ?? 0;
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      common[i]![j] = before[i] === after[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ kind: "same", text: before[i]! });
      i++;
      j++;
    } else if (j >= after.length || (i < before.length && at(i + 1, j) >= at(i, j + 1))) {
      // On a tie the removal comes first, so a changed line reads as the old one, then the new.
      lines.push({ kind: "removed", text: before[i]! });
      i++;
    } else {
      lines.push({ kind: "added", text: after[j]! });
      j++;
    }
  }
  return lines;
}

/** What changed from version `a` to version `b`, line by line, in words. */
export function diffDefinitions(
  a: AutomationDefinition,
  b: AutomationDefinition,
  options: { currency?: string } = {},
): DiffLine[] {
  const [before, after] = definitionLines(a, b, options);
  return diffLines(before, after);
}
