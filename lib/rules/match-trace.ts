import { z } from "zod";

// The trace matching keeps for each trigger an event fires (the Evaluation's `trace` column), as a
// schema: written by evaluateAutomations, read back through it by the event page.

const conditionTraceSchema = z.object({
  type: z.string(),
  description: z.string(),
  expected: z.unknown(),
  /** The fact found; amounts in minor units of the default currency. null when unknown. */
  actual: z.unknown(),
  passed: z.boolean(),
  /** Why the fact could not be known; the condition then fails. */
  unavailable: z.string().optional(),
  /** Set when the condition was not evaluated because an earlier one already failed. */
  skipped: z.string().optional(),
});

const automationTraceSchema = z.object({
  automationId: z.string(),
  name: z.string(),
  priority: z.number(),
  matched: z.boolean(),
  conditions: z.array(conditionTraceSchema),
});

export const matchTraceSchema = z.object({
  trigger: z.string(),
  matchedAutomationId: z.string().nullable(),
  summary: z.string(),
  /** The winner held this match out (lib/outcomes/holdout.ts): no run started. */
  heldOut: z.boolean().optional(),
  /** In the order checked; automations after the winner are not checked and not listed. */
  checked: z.array(automationTraceSchema),
  /**
   * Stripe reads matching made for the event, per kind. `paymentFailure` (the invoice's payments,
   * for the decline condition) is there only once one was made, and is missing from older traces.
   */
  stripeReads: z.object({ customer: z.number(), subscription: z.number(), paymentFailure: z.number().optional() }),
});

export type ConditionTrace = z.infer<typeof conditionTraceSchema>;
export type AutomationTrace = z.infer<typeof automationTraceSchema>;
export type MatchTrace = z.infer<typeof matchTraceSchema>;
