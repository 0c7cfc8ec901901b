// An action's params as the editor shows them: a list of fields, each of a kind the editor knows
// how to draw (components/automations/param-fields.tsx) and how to turn into params and back. A new
// action picks from these kinds; a new kind is added here and there.
import type { DestinationChoice, DestinationKind } from "@/lib/destinations/kinds";
import type { TemplateVariable } from "@/lib/templates/variables";
import { DURATION_UNITS, type DurationUnit } from "./durations";

/** Settings a field falls back on, shown so a person knows what "empty" means. */
export interface StepDefaults {
  teamEmails: readonly string[];
  webhookEndpoints: readonly string[];
  /** The named destinations (Settings → Destinations) a destination field offers. */
  destinations: readonly DestinationChoice[];
}

interface FieldBase {
  /** The param's name: the form keeps its value under it, errors arrive at `params.<name>`. */
  name: string;
  label: string;
}

export type ParamField =
  | (FieldBase & {
      kind: "emails";
      placeholder: string;
      /** "recipient": how a chip is named to assistive technology. */
      itemName: string;
      hint(defaults: StepDefaults): string;
    })
  | (FieldBase & {
      kind: "text";
      hint: string;
      rows?: number;
      maxLength?: number;
      placeholder?: string;
      /** Set when the text is a template: its {{variables}} are checked as one types. */
      variables?: readonly TemplateVariable[];
    })
  | (FieldBase & { kind: "url"; hint(defaults: StepDefaults): string })
  | (FieldBase & { kind: "retries"; hint: string; max: number })
  | (FieldBase & {
      /** A Markdown template: its variables listed (a click inserts one), checked, and previewed. */
      kind: "markdown";
      hint: string;
      rows: number;
      maxLength: number;
      variables: readonly TemplateVariable[];
      preview: TemplatePreview;
    })
  | (FieldBase & {
      /** One of the named destinations of a kind (Settings → Destinations), by name. */
      kind: "destination";
      destinationKind: DestinationKind;
      hint(defaults: StepDefaults): string;
    });

/**
 * What a template's preview shows, filled with the variables' sample values. An email's subject is
 * a field of its own, so the preview names it and reads it from the step's other values.
 */
export type TemplatePreview = { kind: "email"; subjectField: string };

export interface FormRetry {
  uid: string;
  amount: string;
  unit: DurationUnit;
}

/** What the form holds for a field: text, a list of values, or a retry schedule. */
export type FormParamValue = string | string[] | FormRetry[];
export type FormParams = Record<string, FormParamValue>;

export interface FormIssue {
  /** The API's dotted path ("steps.2.params.to.0"); "" is the automation as a whole. */
  path: string;
  message: string;
}

let uidCounter = 0;
export function newUid(prefix = "item"): string {
  uidCounter += 1;
  return `${prefix}-${uidCounter}`;
}

export function newRetry(amount = "", unit: DurationUnit = "days"): FormRetry {
  return { uid: newUid("retry"), amount, unit };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

function isUnit(value: unknown): value is DurationUnit {
  return typeof value === "string" && (DURATION_UNITS as readonly string[]).includes(value);
}

/** A stored param as its field shows it. */
function toFieldValue(field: ParamField, value: unknown): FormParamValue {
  switch (field.kind) {
    case "emails":
      return strings(value);
    case "text":
    case "url":
    case "markdown":
    case "destination":
      return typeof value === "string" ? value : "";
    case "retries":
      return Array.isArray(value) && value.length > 0
        ? value.map((retry: { amount?: unknown; unit?: unknown }) =>
            newRetry(String(retry.amount ?? ""), isUnit(retry.unit) ? retry.unit : "days"),
          )
        : [newRetry()];
  }
}

const WHOLE_NUMBER = /^-?\d+$/;

/**
 * What the field holds as a param (undefined: left empty, so the param is left out), plus the
 * problems only the form can see (a retry's amount that is not a number).
 */
function fromFieldValue(
  field: ParamField,
  value: FormParamValue | undefined,
  path: string,
  issues: FormIssue[],
): unknown {
  switch (field.kind) {
    case "emails": {
      const list = Array.isArray(value) ? strings(value) : [];
      return list.length > 0 ? list : undefined;
    }
    case "text":
    case "url":
    case "destination": {
      const text = typeof value === "string" ? value.trim() : "";
      return text === "" ? undefined : text;
    }
    case "markdown": {
      // Kept as typed: leading spaces and line breaks are Markdown.
      const text = typeof value === "string" ? value : "";
      return text.trim() === "" ? undefined : text;
    }
    case "retries": {
      const retries = Array.isArray(value) ? (value as FormRetry[]) : [];
      return retries.map((retry, index) => {
        const amount = retry.amount.trim();
        if (!WHOLE_NUMBER.test(amount)) {
          issues.push({ path: `${path}.${index}.amount`, message: "amount must be a whole number of units" });
        }
        return { amount: WHOLE_NUMBER.test(amount) ? Number(amount) : 0, unit: retry.unit };
      });
    }
  }
}

/** Every field of every action the form offers keeps its value, so switching actions loses nothing typed. */
export function toFormParams(fields: readonly ParamField[], params: Record<string, unknown> | undefined): FormParams {
  return Object.fromEntries(fields.map((field) => [field.name, toFieldValue(field, params?.[field.name])]));
}

/** The params the fields describe; undefined when every field is empty. */
export function fromFormParams(
  fields: readonly ParamField[],
  values: FormParams,
  path: string,
  issues: FormIssue[],
): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const value = fromFieldValue(field, values[field.name], `${path}.${field.name}`, issues);
    if (value !== undefined) params[field.name] = value;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}
