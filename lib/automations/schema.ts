import { z } from "zod";

import { CONDITIONS, conditionSchema } from "@/lib/conditions";
import { ACTIONS, ACTION_NAMES, actionsAllowedOn } from "@/lib/steps";
import { DURATION_UNITS, durationInSeconds } from "@/lib/steps/durations";
import { TRIGGERS, triggerDefinitions, type Trigger } from "@/lib/triggers";
import { oneOf, strictFields } from "@/lib/zod/strict-fields";

// One schema for the API, the import/export files and the UI form. Messages say what is allowed;
// formatZodIssues turns the issue paths into the field names people see (steps.2.action).

// ---- conditions -----------------------------------------------------------------------------

export { conditionSchema, type Condition } from "@/lib/conditions";

const conditionsSchema = z
  .array(conditionSchema, { error: "conditions must be a list (it may be empty)" })
  .max(20, { error: "at most 20 conditions" })
  .superRefine((conditions, ctx) => {
    // All conditions must hold, so two of a kind that can hold only once could never both match.
    conditions.forEach((condition, index) => {
      if (!CONDITIONS[condition.type].onlyOne) return;
      const first = conditions.findIndex((other) => other.type === condition.type);
      if (index !== first) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `only one ${condition.type} condition is allowed (conditions.${first} already sets one)`,
        });
      }
    });
  });

// ---- steps ----------------------------------------------------------------------------------

const MAX_DELAY_DAYS = 3650;

const actionStepSchema = strictFields(
  {
    type: z.literal("action"),
    action: z.enum(ACTION_NAMES, { error: oneOf("action", ACTION_NAMES) }),
    // Checked against the action's own schema in the automation-level check, which knows the action.
    params: z.record(z.string(), z.unknown(), { error: "params must be an object" }).optional(),
  },
  "an action step",
);

const delayStepSchema = strictFields(
  {
    type: z.literal("delay"),
    amount: z.number({ error: "amount must be a whole number" }).int({ error: "amount must be a whole number" }),
    unit: z.enum(DURATION_UNITS, { error: oneOf("unit", DURATION_UNITS) }),
    from: z.literal("due_date", { error: 'from must be "due_date" or left out' }).optional(),
  },
  "a delay step",
).superRefine((delay, ctx) => {
  // Keeps due times within what a Date (and a person reading the timeline) can sensibly hold.
  if (Math.abs(durationInSeconds(delay.amount, delay.unit)) > durationInSeconds(MAX_DELAY_DAYS, "days")) {
    ctx.addIssue({ code: "custom", path: ["amount"], message: `a delay can be at most ${MAX_DELAY_DAYS} days` });
  }
});

export const stepSchema = z.discriminatedUnion("type", [actionStepSchema, delayStepSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'type must be "action" or "delay"' : undefined),
});

export type Step = z.output<typeof stepSchema>;
type ActionStep = z.output<typeof actionStepSchema>;
type DelayStep = z.output<typeof delayStepSchema>;

const stepsSchema = z
  .array(stepSchema, { error: "steps must be a list" })
  .max(50, { error: "at most 50 steps" })
  .superRefine((steps, ctx) => {
    if (!steps.some((step) => step.type === "action")) {
      ctx.addIssue({ code: "custom", path: [], message: "steps must include at least one action" });
    }
  });

// ---- automation -----------------------------------------------------------------------------

const MAX_HOLDOUT_PERCENT = 50;
const HOLDOUT_PERCENT_MESSAGE = `holdoutPercent must be a whole number from 0 to ${MAX_HOLDOUT_PERCENT}`;

// Unknown top-level keys (id, priority, timestamps in an export file) are dropped, not refused,
// so an exported automation imports as it is.
const automationFields = z.object({
  name: z
    .string({ error: "name must be text" })
    .trim()
    .min(1, { error: "name must not be empty" })
    .max(120, { error: "name must be at most 120 characters" }),
  trigger: z.enum(TRIGGERS, { error: oneOf("trigger", TRIGGERS) }),
  status: z.enum(["active", "paused"], { error: 'status must be "active" or "paused"' }).optional(),
  /** Evaluated on every event of its trigger beside the live order, acting on nothing. */
  shadow: z.boolean({ error: "shadow must be true or false" }).optional(),
  /** The share of its matches held out to measure it against Stripe's default settings (lib/outcomes). */
  holdoutPercent: z
    .number({ error: HOLDOUT_PERCENT_MESSAGE })
    .int({ error: HOLDOUT_PERCENT_MESSAGE })
    .min(0, { error: HOLDOUT_PERCENT_MESSAGE })
    .max(MAX_HOLDOUT_PERCENT, { error: HOLDOUT_PERCENT_MESSAGE })
    .optional(),
  conditions: conditionsSchema,
  steps: stepsSchema,
});

type StepsOnTrigger = { trigger: Trigger; steps: Step[] };

function checkActionStep(trigger: Trigger, step: ActionStep, index: number, ctx: z.RefinementCtx): void {
  const allowed = actionsAllowedOn(trigger);
  if (!allowed.includes(step.action)) {
    ctx.addIssue({
      code: "custom",
      path: ["steps", index, "action"],
      message: `${step.action} is not allowed on ${trigger}; allowed: ${allowed.join(", ")}`,
    });
    return;
  }
  const params = ACTIONS[step.action].params.safeParse(step.params ?? {});
  if (!params.success) {
    for (const issue of params.error.issues) {
      ctx.addIssue({ code: "custom", path: ["steps", index, "params", ...issue.path], message: issue.message });
    }
  }
}

function checkDelayStep(
  trigger: Trigger,
  delay: DelayStep,
  index: number,
  isFirstDelay: boolean,
  ctx: z.RefinementCtx,
) {
  const onDueDateTrigger = trigger === "invoice_due_date_upcoming";
  if (delay.from === "due_date" && !onDueDateTrigger) {
    ctx.addIssue({
      code: "custom",
      path: ["steps", index, "from"],
      message: `"from": "due_date" is allowed only on invoice_due_date_upcoming, not on ${trigger}`,
    });
  } else if (delay.from === "due_date" && !isFirstDelay) {
    ctx.addIssue({
      code: "custom",
      path: ["steps", index, "from"],
      message: 'only the first delay may say "from": "due_date"; later delays wait after the step before them',
    });
  }
  if (delay.amount < 0 && !onDueDateTrigger) {
    ctx.addIssue({
      code: "custom",
      path: ["steps", index, "amount"],
      message: `amount must be 0 or more on ${trigger}; negative amounts (before the due date) are allowed only on invoice_due_date_upcoming`,
    });
  } else if (delay.amount < 0 && delay.from !== "due_date") {
    ctx.addIssue({
      code: "custom",
      path: ["steps", index, "amount"],
      message: 'a negative amount counts back from the due date: add "from": "due_date" (first delay only)',
    });
  }
}

/** The rules that need the trigger: which actions it allows, their params, and due-date delays. */
function checkStepsOnTrigger({ trigger, steps }: StepsOnTrigger, ctx: z.RefinementCtx): void {
  const firstDelay = steps.findIndex((step) => step.type === "delay");
  steps.forEach((step, index) => {
    if (step.type === "action") checkActionStep(trigger, step, index, ctx);
    else checkDelayStep(trigger, step, index, index === firstDelay, ctx);
  });
}

export const automationInputSchema = automationFields.superRefine(checkStepsOnTrigger);

export type AutomationInput = z.output<typeof automationInputSchema>;

/**
 * Field-level checks only: whether the steps fit the trigger depends on the stored automation.
 * Use applyAutomationPatch, which re-checks the merged result.
 */
export const automationPatchSchema = automationFields.partial();

export type ParseResult<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/** Validates a PATCH body and the automation it would produce (e.g. a new trigger against old steps). */
export function applyAutomationPatch(stored: AutomationInput, patch: unknown): ParseResult<AutomationInput> {
  const parsedPatch = automationPatchSchema.safeParse(patch);
  if (!parsedPatch.success) return { success: false, error: parsedPatch.error };
  const definedFields = Object.fromEntries(Object.entries(parsedPatch.data).filter(([, value]) => value !== undefined));
  const merged = automationInputSchema.safeParse({ ...stored, ...definedFields });
  return merged.success ? { success: true, data: merged.data } : { success: false, error: merged.error };
}

// ---- issues and warnings --------------------------------------------------------------------

/** Issues as the API returns them: `{ path: "steps.2.action", message }` (path "" = the whole body). */
export function formatZodIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** One line for an error message: "steps.2.action: …; name: …". */
export function summarizeZodIssues(error: z.ZodError): string {
  return formatZodIssues(error)
    .map(({ path, message }) => (path ? `${path}: ${message}` : message))
    .join("; ");
}

/** Things that are allowed but probably not meant; shown beside the form, never blocking a save. */
export function warningsFor(automation: Pick<AutomationInput, "trigger" | "conditions" | "steps">): string[] {
  const warnings: string[] = [];
  const { trigger, conditions, steps } = automation;

  const endsAt = steps.findIndex((step) => step.type === "action" && ACTIONS[step.action].endsTheRun);
  const ender = steps[endsAt];
  if (ender?.type === "action" && endsAt < steps.length - 1) {
    warnings.push(`steps after ${ender.action} (steps.${endsAt}) never run: ${ACTIONS[ender.action].endsTheRun}`);
  }

  // After a cancellation the warning above already covers a trailing delay.
  if (steps.at(-1)?.type === "delay" && endsAt === -1) {
    warnings.push("the last step is a delay: nothing runs after it");
  }

  if (triggerDefinitions[trigger].objectType === "subscription") {
    conditions.forEach((condition, index) => {
      if (CONDITIONS[condition.type].readsInvoice) {
        warnings.push(
          `conditions.${index} (${condition.type}) never holds on ${trigger}: there is no invoice on this trigger`,
        );
      }
    });
  }
  return warnings;
}
