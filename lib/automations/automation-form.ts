import { CONDITIONS, conditionDefinition, type Condition, type ConditionType } from "@/lib/conditions";
import type { ConditionFormValues } from "@/lib/conditions/definition";
import {
  automationInputSchema,
  formatZodIssues,
  warningsFor,
  type AutomationInput,
  type Step,
} from "@/lib/automations/schema";
import { ACTIONS, ACTION_NAMES, actionsAllowedOn, type ActionName } from "@/lib/steps";
import type { DurationUnit } from "@/lib/steps/durations";
import {
  fromFormParams,
  newUid,
  toFormParams,
  type FormIssue,
  type FormParams,
  type ParamField,
} from "@/lib/steps/fields";
import type { Trigger } from "@/lib/triggers";

// The editor's values and the AutomationInput the API takes are different shapes: people type
// amounts in the default currency's major units ("500.00"), pick "before/after the due date"
// instead of a signed number, and leave optional params empty. These pure helpers convert both
// ways — each condition and each action's fields through their own definitions — and the result is
// always checked by the API's own schema (automationInputSchema).

export type { FormIssue } from "@/lib/steps/fields";

export interface FormCondition {
  /** A key for lists in the UI; never sent. */
  uid: string;
  type: ConditionType;
  /** Every condition type's fields keep their values, so switching the type back loses nothing typed. */
  values: ConditionFormValues;
}

export type DueDateTiming = "before_due_date" | "after_due_date";

export interface FormActionStep {
  uid: string;
  type: "action";
  action: ActionName;
  // Every action's fields keep their values, so switching the action back and forth loses nothing typed.
  params: FormParams;
}

export interface FormDelayStep {
  uid: string;
  type: "delay";
  amount: string;
  unit: DurationUnit;
  /** Only read for the first delay on invoice_due_date_upcoming. */
  timing: DueDateTiming;
}

export type FormStep = FormActionStep | FormDelayStep;

export interface AutomationFormValues {
  name: string;
  trigger: Trigger | "";
  /** Runs in shadow: checked on every event, acting on nothing. Unset: as it was (new: not in shadow). */
  shadow?: boolean;
  /** The holdout's percent as typed ("10"). Unset: as it was (new: none). */
  holdoutPercent?: string;
  conditions: FormCondition[];
  steps: FormStep[];
}

/** Every field any action offers, once by name: what a step keeps while its action changes. */
const ALL_PARAM_FIELDS: ParamField[] = [
  ...new Map(
    ACTION_NAMES.flatMap((name) => ACTIONS[name].fields.map((field) => [field.name, field] as const)),
  ).values(),
];

// ---- building values ------------------------------------------------------------------------

/** The empty values of every condition type, so the type select can move between them freely. */
function emptyConditionValues(): ConditionFormValues {
  const values: ConditionFormValues = { interval: "year", intervalCount: "1" };
  for (const type of Object.keys(CONDITIONS) as ConditionType[]) {
    for (const field of conditionDefinition(type).form.fields) {
      values[field.name] ??= field.kind === "chips" ? [] : "";
    }
  }
  return values;
}

export function newCondition(type: ConditionType = "customer_metadata"): FormCondition {
  return { uid: newUid("condition"), type, values: emptyConditionValues() };
}

export function newActionStep(action: ActionName): FormActionStep {
  return { uid: newUid("step"), type: "action", action, params: toFormParams(ALL_PARAM_FIELDS, undefined) };
}

export function newDelayStep(): FormDelayStep {
  return { uid: newUid("step"), type: "delay", amount: "", unit: "days", timing: "before_due_date" };
}

export function emptyFormValues(trigger: Trigger | "" = ""): AutomationFormValues {
  return { name: "", trigger, conditions: [], steps: [] };
}

/** The first delay of the steps: the one that may count from the due date. */
function firstDelayIndex(steps: readonly { type: string }[]): number {
  return steps.findIndex((step) => step.type === "delay");
}

/** Whether this step is the delay that the editor shows as "before/after the due date". */
export function isDueDateDelay(trigger: Trigger | "", steps: readonly { type: string }[], index: number): boolean {
  return trigger === "invoice_due_date_upcoming" && steps[index]?.type === "delay" && firstDelayIndex(steps) === index;
}

function toFormCondition(condition: Condition, currency: string): FormCondition {
  const base = newCondition(condition.type);
  return {
    ...base,
    values: { ...base.values, ...conditionDefinition(condition.type).form.toForm(condition, currency) },
  };
}

function toFormStep(step: Step): FormStep {
  if (step.type === "delay") {
    return {
      ...newDelayStep(),
      amount: String(Math.abs(step.amount)),
      unit: step.unit,
      timing: step.amount < 0 ? "before_due_date" : "after_due_date",
    };
  }
  return { ...newActionStep(step.action), params: toFormParams(ALL_PARAM_FIELDS, step.params) };
}

/** Stable keys for lists nested in a stored step (its retries), so the server's render and the browser's agree. */
function withStableKeys(params: FormParams, uid: string): FormParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      Array.isArray(value) && value.some((item) => typeof item === "object")
        ? (value as Array<{ uid: string }>).map((item, i) => ({ ...item, uid: `${uid}-${name}-${i}` }))
        : value,
    ]),
  ) as FormParams;
}

/**
 * A stored automation as the editor shows it (amounts in major units of `currency`). Its keys depend
 * only on positions, so the server's render and the browser's agree (the step key is in the DOM).
 */
export function toFormValues(
  automation: Pick<AutomationInput, "name" | "trigger" | "conditions" | "steps" | "shadow" | "holdoutPercent">,
  currency: string,
): AutomationFormValues {
  return {
    name: automation.name,
    trigger: automation.trigger,
    ...(automation.shadow === undefined ? {} : { shadow: automation.shadow }),
    ...(automation.holdoutPercent === undefined ? {} : { holdoutPercent: String(automation.holdoutPercent) }),
    conditions: automation.conditions.map((condition, index) => ({
      ...toFormCondition(condition, currency),
      uid: `stored-condition-${index}`,
    })),
    steps: automation.steps.map((step, index): FormStep => {
      const formStep = toFormStep(step);
      const uid = `stored-step-${index}`;
      return formStep.type === "delay"
        ? { ...formStep, uid }
        : { ...formStep, uid, params: withStableKeys(formStep.params, uid) };
    }),
  };
}

// ---- converting to the API's input ----------------------------------------------------------

const WHOLE_NUMBER = /^-?\d+$/;

/** The automation the form describes, as the API takes it, plus the problems only the form can see. */
export interface FormConversion {
  input: Omit<AutomationInput, "trigger"> & { trigger: Trigger | "" };
  /** Text that is not a number, a sign where none belongs: the schema would only see the result. */
  localIssues: FormIssue[];
}

function wholeNumber(text: string, path: string, issues: FormIssue[], message: string): number {
  const trimmed = text.trim();
  if (WHOLE_NUMBER.test(trimmed)) return Number(trimmed);
  issues.push({ path, message });
  return 0;
}

function convertStep(values: AutomationFormValues, index: number, issues: FormIssue[]): Step {
  const step = values.steps[index]!;
  if (step.type === "action") {
    const params = fromFormParams(ACTIONS[step.action].fields, step.params, `steps.${index}.params`, issues);
    return params ? { type: "action", action: step.action, params } : { type: "action", action: step.action };
  }
  const path = `steps.${index}.amount`;
  const amount = wholeNumber(step.amount, path, issues, "amount must be a whole number");
  if (isDueDateDelay(values.trigger, values.steps, index)) {
    if (amount < 0) issues.push({ path, message: "enter how long without a sign, then choose before or after" });
    const signed = step.timing === "before_due_date" ? -Math.abs(amount) : Math.abs(amount);
    return { type: "delay", amount: signed, unit: step.unit, from: "due_date" };
  }
  if (amount < 0) issues.push({ path, message: "amount must be 0 or more" });
  return { type: "delay", amount, unit: step.unit };
}

export function fromFormValues(values: AutomationFormValues, currency: string): FormConversion {
  const localIssues: FormIssue[] = [];
  if (values.trigger === "") localIssues.push({ path: "trigger", message: "choose a trigger" });
  const conditions = values.conditions.map((condition, index) =>
    conditionDefinition(condition.type).form.fromForm(condition.values, `conditions.${index}`, currency, localIssues),
  );
  const steps = values.steps.map((_, index) => convertStep(values, index, localIssues));
  const shadow = values.shadow === undefined ? {} : { shadow: values.shadow };
  const holdout =
    values.holdoutPercent === undefined
      ? {}
      : {
          holdoutPercent:
            values.holdoutPercent.trim() === ""
              ? 0
              : wholeNumber(
                  values.holdoutPercent,
                  "holdoutPercent",
                  localIssues,
                  "enter a whole number of percent, 0 to 50",
                ),
        };
  return {
    input: { name: values.name, trigger: values.trigger, ...shadow, ...holdout, conditions, steps },
    localIssues,
  };
}

// ---- validation -----------------------------------------------------------------------------

export type FormValidation =
  { ok: true; input: AutomationInput; warnings: string[] } | { ok: false; issues: FormIssue[]; warnings: string[] };

/**
 * The form's own checks first (a path the form has already explained is not repeated in the
 * schema's words, which speak of minor units), then the API's schema, which decides.
 */
function mergeIssues(local: readonly FormIssue[], schema: readonly FormIssue[]): FormIssue[] {
  const explained = new Set(local.map((issue) => issue.path));
  return [...local, ...schema.filter((issue) => !explained.has(issue.path))];
}

export function validateForm(values: AutomationFormValues, currency: string): FormValidation {
  const { input, localIssues } = fromFormValues(values, currency);
  const trigger = input.trigger;
  const warnings = trigger === "" ? [] : warningsFor({ ...input, trigger });
  const parsed = automationInputSchema.safeParse(input);
  const issues = mergeIssues(localIssues, parsed.success ? [] : formatZodIssues(parsed.error));
  if (parsed.success && issues.length === 0) return { ok: true, input: parsed.data, warnings };
  return { ok: false, issues, warnings };
}

// ---- reading issues in the form -------------------------------------------------------------

/** Messages for exactly this path. */
export function messagesAt(issues: readonly FormIssue[], path: string): string[] {
  return unique(issues.filter((issue) => issue.path === path).map((issue) => issue.message));
}

/** Messages for this path and everything under it ("steps.1.params.to" and "steps.1.params.to.0"). */
export function messagesUnder(issues: readonly FormIssue[], path: string): string[] {
  return unique(
    issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`)).map((issue) => issue.message),
  );
}

/** Indexes of list items with a problem of their own ("steps.1.params.to.2" → 2). */
export function invalidIndexesUnder(issues: readonly FormIssue[], path: string): Set<number> {
  const indexes = new Set<number>();
  for (const issue of issues) {
    const rest = issue.path.startsWith(`${path}.`) ? issue.path.slice(path.length + 1) : null;
    const index = rest === null ? NaN : Number(rest.split(".")[0]);
    if (Number.isInteger(index)) indexes.add(index);
  }
  return indexes;
}

// A condition's fields and an action's params each have a field of their own in the editor.
const CONDITION_FIELD = /^conditions\.\d+\.[A-Za-z]+(\.\d+)?$/;
const STEP_FIELD = /^steps\.\d+\.(action|amount|unit|from|params\.[A-Za-z]+(\.\d+(\.(amount|unit))?)?)$/;

/** Whether the editor shows this path beside a field of its own (else beside its card, or on top). */
function isFieldPath(path: string): boolean {
  return path === "name" || path === "trigger" || CONDITION_FIELD.test(path) || STEP_FIELD.test(path);
}

/** Problems of a card that no field of it shows ("conditions.2": only one interval). */
export function cardMessages(issues: readonly FormIssue[], prefix: string): string[] {
  return unique(
    issues
      .filter((issue) => (issue.path === prefix || issue.path.startsWith(`${prefix}.`)) && !isFieldPath(issue.path))
      .map((issue) => issue.message),
  );
}

/** Problems with no place in the form: shown above it. */
export function formLevelMessages(issues: readonly FormIssue[]): string[] {
  return unique(
    issues
      .filter((issue) => !/^(name|trigger|conditions|steps)(\.|$)/.test(issue.path))
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)),
  );
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

// ---- small helpers for the editor -----------------------------------------------------------

/** The actions a new action step may use on this trigger (none before a trigger is chosen). */
export function allowedActionsFor(trigger: Trigger | ""): readonly ActionName[] {
  return trigger === "" ? [] : actionsAllowedOn(trigger);
}

/** Moves an item by one place (a copy; unchanged when it would leave the list). */
export function moveItem<T>(items: readonly T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}

/** Splits what was typed or pasted into a multi-value input: commas, semicolons, spaces, new lines. */
export function splitValues(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((value) => value.trim())
    .filter(Boolean);
}

/** Adds values to a list, once each, keeping the order. */
export function addValues(list: readonly string[], values: readonly string[]): string[] {
  const next = [...list];
  for (const value of values) if (!next.includes(value)) next.push(value);
  return next;
}
