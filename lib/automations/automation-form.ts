import type { ActionName, DurationUnit } from "@/lib/automations/actions";
import {
  MAX_INTERVAL_COUNT,
  SUBSCRIPTION_INTERVALS,
  automationInputSchema,
  formatZodIssues,
  warningsFor,
  type AutomationInput,
  type Condition,
  type ConditionType,
  type Step,
  type SubscriptionInterval,
} from "@/lib/automations/schema";
import { triggerDefinitions, type Trigger } from "@/lib/automations/triggers";
import { minorUnitExponent } from "@/lib/rules/money";

// The editor's values and the AutomationInput the API takes are different shapes: people type
// amounts in the default currency's major units ("500.00"), pick "before/after the due date"
// instead of a signed number, and leave optional params empty. These pure helpers convert both
// ways; the result is always checked by the API's own schema (automationInputSchema).

export interface FormIssue {
  /** The API's dotted path ("steps.2.params.to.0"); "" is the automation as a whole. */
  path: string;
  message: string;
}

export interface FormCondition {
  /** A key for lists in the UI; never sent. */
  uid: string;
  type: ConditionType;
  key: string;
  value: string;
  /** Major units of the default currency, as typed. */
  min: string;
  max: string;
  /** The billing period is every `intervalCount` (as typed, e.g. "3") `interval`s. */
  interval: SubscriptionInterval;
  intervalCount: string;
  products: string[];
}

/** The interval select's words, singular after a count of 1 ("every 1 month", "every 3 months"). */
export const INTERVAL_UNITS: Record<SubscriptionInterval, { singular: string; plural: string }> = {
  day: { singular: "day", plural: "days" },
  week: { singular: "week", plural: "weeks" },
  month: { singular: "month", plural: "months" },
  year: { singular: "year", plural: "years" },
};

export interface FormRetry {
  uid: string;
  amount: string;
  unit: DurationUnit;
}

export type DueDateTiming = "before_due_date" | "after_due_date";

export interface FormActionStep {
  uid: string;
  type: "action";
  action: ActionName;
  // Every action's params are kept, so switching the action back and forth loses nothing typed.
  to: string[];
  memo: string;
  surveyUrl: string;
  url: string;
  retries: FormRetry[];
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
  conditions: FormCondition[];
  steps: FormStep[];
}

let uidCounter = 0;
export function newUid(prefix = "item"): string {
  uidCounter += 1;
  return `${prefix}-${uidCounter}`;
}

// ---- building values ------------------------------------------------------------------------

export function newCondition(type: ConditionType = "customer_metadata"): FormCondition {
  return {
    uid: newUid("condition"),
    type,
    key: "",
    value: "",
    min: "",
    max: "",
    interval: "year",
    intervalCount: "1",
    products: [],
  };
}

export function newRetry(amount = "", unit: DurationUnit = "days"): FormRetry {
  return { uid: newUid("retry"), amount, unit };
}

export function newActionStep(action: ActionName): FormActionStep {
  return {
    uid: newUid("step"),
    type: "action",
    action,
    to: [],
    memo: "",
    surveyUrl: "",
    url: "",
    retries: [newRetry()],
  };
}

export function newDelayStep(): FormDelayStep {
  return { uid: newUid("step"), type: "delay", amount: "", unit: "days", timing: "before_due_date" };
}

export function emptyFormValues(trigger: Trigger | "" = ""): AutomationFormValues {
  return { name: "", trigger, conditions: [], steps: [] };
}

/** The first delay of the steps: the one that may count from the due date. */
export function firstDelayIndex(steps: readonly { type: string }[]): number {
  return steps.findIndex((step) => step.type === "delay");
}

/** Whether this step is the delay that the editor shows as "before/after the due date". */
export function isDueDateDelay(trigger: Trigger | "", steps: readonly { type: string }[], index: number): boolean {
  return trigger === "invoice_due_date_upcoming" && steps[index]?.type === "delay" && firstDelayIndex(steps) === index;
}

function toFormCondition(condition: Condition, currency: string): FormCondition {
  const base = newCondition(condition.type);
  switch (condition.type) {
    case "customer_metadata":
    case "invoice_metadata":
      return { ...base, key: condition.key, value: condition.value };
    case "invoice_amount":
      return {
        ...base,
        min: condition.min === null ? "" : formatMajorAmount(condition.min, currency),
        max: condition.max === null ? "" : formatMajorAmount(condition.max, currency),
      };
    case "subscription_interval":
      return { ...base, interval: condition.interval, intervalCount: String(condition.intervalCount ?? 1) };
    case "product":
      return { ...base, products: [...condition.products] };
  }
}

function stringParam(params: Record<string, unknown> | undefined, key: string): string {
  const value = params?.[key];
  return typeof value === "string" ? value : "";
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
  const params = step.params;
  const to = params?.to;
  const retries = params?.retries;
  return {
    ...newActionStep(step.action),
    to: Array.isArray(to) ? to.filter((item): item is string => typeof item === "string") : [],
    memo: stringParam(params, "memo"),
    surveyUrl: stringParam(params, "surveyUrl"),
    url: stringParam(params, "url"),
    retries:
      Array.isArray(retries) && retries.length > 0
        ? retries.map((retry: { amount?: unknown; unit?: DurationUnit }) =>
            newRetry(String(retry.amount ?? ""), retry.unit ?? "days"),
          )
        : [newRetry()],
  };
}

/**
 * A stored automation as the editor shows it (amounts in major units of `currency`). Its keys depend
 * only on positions, so the server's render and the browser's agree (the step key is in the DOM).
 */
export function toFormValues(
  automation: Pick<AutomationInput, "name" | "trigger" | "conditions" | "steps">,
  currency: string,
): AutomationFormValues {
  return {
    name: automation.name,
    trigger: automation.trigger,
    conditions: automation.conditions.map((condition, index) => ({
      ...toFormCondition(condition, currency),
      uid: `stored-condition-${index}`,
    })),
    steps: automation.steps.map((step, index): FormStep => {
      const formStep = toFormStep(step);
      const uid = `stored-step-${index}`;
      return formStep.type === "delay"
        ? { ...formStep, uid }
        : { ...formStep, uid, retries: formStep.retries.map((retry, i) => ({ ...retry, uid: `${uid}-retry-${i}` })) };
    }),
  };
}

// ---- amounts --------------------------------------------------------------------------------

export type AmountParse = { ok: true; minor: number | null } | { ok: false; message: string };

/** "500.00" in USD → 50000; "1,000" in JPY → 1000; "" → null (no bound). */
export function parseMajorAmount(text: string, currency: string): AmountParse {
  const code = currency.toUpperCase();
  const digits = minorUnitExponent(currency);
  const cleaned = text.replace(/[\s,]/g, "");
  if (cleaned === "") return { ok: true, minor: null };
  if (cleaned.startsWith("-")) return { ok: false, message: "enter an amount of 0 or more" };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === "" && !match[2])) {
    return { ok: false, message: `enter an amount in ${code}, e.g. ${exampleAmount(currency)}` };
  }
  const whole = match[1] ?? "";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${code} amounts have no decimals: enter a whole number, e.g. ${exampleAmount(currency)}`
          : `${code} amounts have at most ${digits} decimals, e.g. ${exampleAmount(currency)}`,
    };
  }
  const minor = Number(whole || "0") * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (!Number.isSafeInteger(minor)) return { ok: false, message: "that amount is too large" };
  return { ok: true, minor };
}

/** 50000 in USD → "500.00"; 1000 in JPY → "1000" (what the amount input holds). */
export function formatMajorAmount(minor: number, currency: string): string {
  const digits = minorUnitExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor)));
  if (digits === 0) return `${sign}${text}`;
  const padded = text.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** "500.00" for USD, "500" for JPY, "500.000" for BHD: a hint in the currency's own format. */
export function exampleAmount(currency: string): string {
  return formatMajorAmount(500 * 10 ** minorUnitExponent(currency), currency);
}

// ---- converting to the API's input ----------------------------------------------------------

const WHOLE_NUMBER = /^-?\d+$/;

/** The automation the form describes, as the API takes it, plus the problems only the form can see. */
export interface FormConversion {
  input: Omit<AutomationInput, "trigger"> & { trigger: Trigger | "" };
  /** Text that is not a number, a sign where none belongs: the schema would only see the result. */
  localIssues: FormIssue[];
}

function convertCondition(condition: FormCondition, index: number, currency: string, issues: FormIssue[]): Condition {
  switch (condition.type) {
    case "customer_metadata":
    case "invoice_metadata":
      return { type: condition.type, key: condition.key.trim(), value: condition.value.trim() };
    case "invoice_amount": {
      const bound = (field: "min" | "max"): number | null => {
        const parsed = parseMajorAmount(condition[field], currency);
        if (parsed.ok) return parsed.minor;
        issues.push({ path: `conditions.${index}.${field}`, message: parsed.message });
        return null;
      };
      const min = bound("min");
      const max = bound("max");
      const unparsed = issues.some((issue) => issue.path.startsWith(`conditions.${index}.`));
      if (!unparsed && min === null && max === null) {
        issues.push({ path: `conditions.${index}.min`, message: "set a minimum, a maximum or both" });
      } else if (min !== null && max !== null && min > max) {
        issues.push({
          path: `conditions.${index}.max`,
          message: `the maximum must be at least the minimum (${formatMajorAmount(min, currency)})`,
        });
      }
      return { type: "invoice_amount", min, max };
    }
    case "subscription_interval": {
      const intervalCount = parseIntervalCount(condition, `conditions.${index}.intervalCount`, issues);
      // 1 is the default: left out, so { interval: "year" } comes back as it was stored.
      return intervalCount === 1
        ? { type: "subscription_interval", interval: condition.interval }
        : { type: "subscription_interval", interval: condition.interval, intervalCount };
    }
    case "product":
      return { type: "product", products: condition.products };
  }
}

/** "every [3] [months]": the count as typed, checked in the form's words (1 when it cannot be read). */
function parseIntervalCount(condition: FormCondition, path: string, issues: FormIssue[]): number {
  const text = condition.intervalCount.trim();
  const max = MAX_INTERVAL_COUNT[condition.interval];
  const units = INTERVAL_UNITS[condition.interval].plural;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    issues.push({ path, message: `enter how many ${units} make one billing period: a whole number of 1 or more` });
    return 1;
  }
  const count = Number(text);
  if (count > max) {
    issues.push({ path, message: `at most ${max} ${units}: Stripe bills at least every 3 years` });
    return 1;
  }
  return count;
}

function wholeNumber(text: string, path: string, issues: FormIssue[], message: string): number {
  const trimmed = text.trim();
  if (WHOLE_NUMBER.test(trimmed)) return Number(trimmed);
  issues.push({ path, message });
  return 0;
}

function actionParams(step: FormActionStep, index: number, issues: FormIssue[]): Record<string, unknown> | undefined {
  switch (step.action) {
    case "set_retry_policy":
      return {
        retries: step.retries.map((retry, retryIndex) => ({
          amount: wholeNumber(
            retry.amount,
            `steps.${index}.params.retries.${retryIndex}.amount`,
            issues,
            "amount must be a whole number of units",
          ),
          unit: retry.unit,
        })),
      };
    case "send_team_email": {
      const memo = step.memo.trim();
      const params = { ...(step.to.length > 0 ? { to: step.to } : {}), ...(memo ? { memo } : {}) };
      return Object.keys(params).length > 0 ? params : undefined;
    }
    case "send_cancellation_email": {
      const surveyUrl = step.surveyUrl.trim();
      return surveyUrl ? { surveyUrl } : undefined;
    }
    case "send_invoice_will_be_due_webhook": {
      const url = step.url.trim();
      return url ? { url } : undefined;
    }
    default:
      return undefined;
  }
}

function convertStep(values: AutomationFormValues, index: number, issues: FormIssue[]): Step {
  const step = values.steps[index]!;
  if (step.type === "action") {
    const params = actionParams(step, index, issues);
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
    convertCondition(condition, index, currency, localIssues),
  );
  const steps = values.steps.map((_, index) => convertStep(values, index, localIssues));
  return { input: { name: values.name, trigger: values.trigger, conditions, steps }, localIssues };
}

// ---- validation -----------------------------------------------------------------------------

export type FormValidation =
  { ok: true; input: AutomationInput; warnings: string[] } | { ok: false; issues: FormIssue[]; warnings: string[] };

/**
 * The form's own checks first (a path the form has already explained is not repeated in the
 * schema's words, which speak of minor units), then the API's schema, which decides.
 */
export function mergeIssues(local: readonly FormIssue[], schema: readonly FormIssue[]): FormIssue[] {
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

const CONDITION_FIELD = /^conditions\.\d+\.(key|value|min|max|interval|intervalCount|products(\.\d+)?)$/;
const STEP_FIELD =
  /^steps\.\d+\.(action|amount|unit|from|params\.(to(\.\d+)?|memo|surveyUrl|url|retries(\.\d+(\.(amount|unit))?)?))$/;

/** Whether the editor shows this path beside a field of its own (else beside its card, or on top). */
export function isFieldPath(path: string): boolean {
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

/** An interval from the select's value; anything else keeps the current one. */
export function toSubscriptionInterval(value: string, current: SubscriptionInterval): SubscriptionInterval {
  return SUBSCRIPTION_INTERVALS.find((interval) => interval === value) ?? current;
}

/** The actions a new action step may use on this trigger (none before a trigger is chosen). */
export function allowedActionsFor(trigger: Trigger | ""): readonly ActionName[] {
  return trigger === "" ? [] : triggerDefinitions[trigger].allowedActions;
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
