import type { Step } from "@/lib/automations/schema";
import { describeAction } from "@/lib/steps";
import { durationInWords, type DurationUnit } from "@/lib/steps/durations";

// Steps in words, for the match trace, the run timeline, the automations list and the editor. Each
// action says itself (lib/steps); a delay is said here.
export { describeCondition } from "@/lib/conditions";

export function describeStep(step: Step): string {
  if (step.type === "delay") return describeDelay(step.amount, step.unit, step.from);
  return describeAction(step.action, step.params);
}

function describeDelay(amount: number, unit: DurationUnit, from: "due_date" | undefined): string {
  if (from !== "due_date") return `Wait ${durationInWords(amount, unit)}`;
  if (amount === 0) return "On the due date";
  return `${durationInWords(Math.abs(amount), unit)} ${amount < 0 ? "before" : "after"} the due date`;
}
