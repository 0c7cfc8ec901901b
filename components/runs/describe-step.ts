import { describeAction, stepKind } from "@/lib/steps";

// Run steps in words for the timeline: what the step does, and what its stored result says — each
// action says its own (lib/steps).

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** "Payment retry 2 of 3", "Send team email to ops@example.com", "Mark invoice uncollectible". */
export function stepLabel(step: { action: string; params: unknown }): string {
  return describeAction(step.action, step.params);
}

/**
 * The meaningful parts of a step's result, one sentence each: "would POST /v1/invoices/in_…/
 * mark_uncollectible (dry-run, not sent)", "emailed ops@example.com", "declined: Your card was
 * declined.". Unknown shapes give nothing; the page shows the raw result beside these lines.
 */
export function describeStepResult(action: string, result: unknown): string[] {
  if (!isRecord(result)) return [];
  if (typeof result.skipped === "string" && result.skipped !== "") return [`skipped: ${result.skipped}`];
  return stepKind(action)?.describeResult(result) ?? [];
}
