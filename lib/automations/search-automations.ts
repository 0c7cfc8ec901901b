import { triggerLabel } from "@/lib/triggers";
import { describeCondition, describeStep } from "./describe";
import type { AutomationRecord } from "./serialize-automation";

/**
 * Whether an automation says the searched words, anywhere a person reads it on the list: its name,
 * its trigger, its conditions and its steps in words ("Retry payment", "amount ≥ $100.00"). Every
 * word must appear, in any order and case.
 */
export function automationMatches(automation: AutomationRecord, query: string, currency: string): boolean {
  const text = [
    automation.name,
    triggerLabel(automation.trigger),
    automation.status,
    ...automation.conditions.map((condition) => describeCondition(condition, currency)),
    ...automation.steps.map((step) => describeStep(step)),
  ]
    .join(" ")
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}
