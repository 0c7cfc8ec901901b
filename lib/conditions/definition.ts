// What a filter condition is, in one place: its schema, how it reads in words, how it is matched
// (the json-rules-engine condition it compiles to, and the facts and operators it brings), how the
// trace says what was found, and its fields in the editor. Each condition is a folder of
// lib/conditions with one definition; lib/conditions/index.ts lists them. Shared by the browser and
// the server: facts read Stripe only through the loaders matching hands them.
import type { Almanac } from "json-rules-engine";
import type { z } from "zod";
import type { FormIssue } from "@/lib/steps/fields";
import type { FactContext, FactOutcome } from "./facts";

/** One json-rules-engine condition. */
export interface CompiledCondition {
  fact: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown>;
  /** Conditions read from the payload go first; those that may need Stripe run only if they pass. */
  priority: number;
}

export const FROM_PAYLOAD = 2;
export const MAY_READ_STRIPE = 1;

export type FactFunction = (
  ctx: FactContext,
  params: Record<string, unknown>,
  almanac: Almanac,
) => FactOutcome<unknown> | Promise<FactOutcome<unknown>>;

/** Every fact is a FactOutcome, so an operator first refuses an unavailable fact. */
export type OperatorFunction = (fact: FactOutcome<unknown>, expected: unknown) => boolean;

/** What a condition's fields hold in the form: text, or a list of values. */
export type ConditionFormValues = Record<string, string | string[]>;

export type ConditionField =
  | { kind: "text"; name: string; label: string; placeholder: string }
  | { kind: "money"; name: string; label(code: string): string; hint(code: string, example: string): string }
  | { kind: "count"; name: string; label: string; placeholder: string }
  | {
      kind: "select";
      name: string;
      label: string;
      options(values: ConditionFormValues): Array<{ value: string; label: string }>;
    }
  | { kind: "chips"; name: string; label: string; hint: string; placeholder: string; itemName: string };

interface ConditionForm<C> {
  fields: readonly ConditionField[];
  /** Two columns (key and value), or one row (every [3] [months]) with errors below it. */
  layout: "grid" | "row" | "stack";
  toForm(condition: C, currency: string): ConditionFormValues;
  /** The condition the fields describe, plus problems only the form can see (an amount that is not one). */
  fromForm(values: ConditionFormValues, path: string, currency: string, issues: FormIssue[]): C;
  /** A live line under the fields: "Matches subscriptions billed every 3 months." */
  explain?(values: ConditionFormValues): string | null;
}

export interface ConditionDefinition<C extends { type: string } = { type: string }> {
  label: string;
  /** One line under the type in the editor. */
  hint: string;
  schema: z.ZodType<C>;
  /** It reads the invoice: on a subscription trigger it could never hold (a warning beside the form). */
  readsInvoice?: boolean;
  /** All conditions must hold, so two of this type could never both match: at most one. */
  onlyOne?: boolean;
  /** "Invoice amount at least $500.00" */
  describe(condition: C, currency: string): string;
  compile(condition: C): CompiledCondition;
  /** The facts its compiled condition asks for, by name (the customer and the subscription are shared). */
  facts?: Record<string, FactFunction>;
  operators?: Record<string, OperatorFunction>;
  /** The fact a trace recorded, in words: "found $120.00". Amounts are minor units of the default currency. */
  describeFound(actual: unknown, currency: string): string;
  form: ConditionForm<C>;
}

export function defineCondition<C extends { type: string }>(
  definition: ConditionDefinition<C>,
): ConditionDefinition<C> {
  return definition;
}

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");
const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value : []);
export const formValue = { text, list };
