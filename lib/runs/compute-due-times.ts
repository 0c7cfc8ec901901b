import type { Step } from "@/lib/automations/schema";
import type { ActionName } from "@/lib/steps";
import { durationInSeconds } from "@/lib/steps/durations";

export interface ScheduledAction {
  /** Index of the action in the automation's steps (delays included), so the timeline can show both. */
  position: number;
  action: ActionName;
  params: Record<string, unknown>;
  dueAt: Date;
}

/**
 * Turns steps into absolute due times. Delays push the actions after them later; a delay that says
 * `from: "due_date"` restarts the clock at the invoice's due date (its amount may be negative:
 * "7 days before"). An action with no delay before it is due at the anchor: the event, or on the
 * due-date trigger the due date itself.
 */
export function computeDueTimes(steps: readonly Step[], anchor: Date, dueDate?: Date): ScheduledAction[] {
  let cursor = anchor.getTime();
  const scheduled: ScheduledAction[] = [];
  steps.forEach((step, position) => {
    if (step.type === "delay") {
      const base = step.from === "due_date" && dueDate ? dueDate.getTime() : cursor;
      cursor = base + durationInSeconds(step.amount, step.unit) * 1000;
      return;
    }
    scheduled.push({ position, action: step.action, params: step.params ?? {}, dueAt: new Date(cursor) });
  });
  return scheduled;
}
