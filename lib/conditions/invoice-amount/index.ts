import { z } from "zod";
import { formatMoney, toDefaultCurrencyMinor } from "@/lib/money/money";
import { formatMajorAmount, parseMajorAmount } from "@/lib/money/money-input";
import { invoiceAmount as amountOf } from "@/lib/rules/facts";
import type { FormIssue } from "@/lib/steps/fields";
import { strictFields } from "@/lib/zod/strict-fields";
import { defineCondition, formValue, FROM_PAYLOAD } from "../definition";
import { available, unavailable, NO_INVOICE, type FactOutcome } from "../facts";

const amountBound = (field: "min" | "max") => {
  const wholeMinorUnits = `${field} must be a whole number of minor units (cents) of the default currency, or null`;
  return z
    .number({ error: wholeMinorUnits })
    .int({ error: wholeMinorUnits })
    .nonnegative({ error: `${field} must be 0 or more` })
    .nullable()
    .default(null);
};

const schema = strictFields(
  { type: z.literal("invoice_amount"), min: amountBound("min"), max: amountBound("max") },
  "an invoice_amount condition",
).superRefine((condition, ctx) => {
  if (condition.min === null && condition.max === null) {
    ctx.addIssue({
      code: "custom",
      path: ["min"],
      message: "set min, max or both (minor units of the default currency)",
    });
  }
  if (condition.min !== null && condition.max !== null && condition.min > condition.max) {
    ctx.addIssue({ code: "custom", path: ["max"], message: `max must be at least min (${condition.min})` });
  }
});

type AmountRange = { min: number | null; max: number | null };

function describeRange(min: number | null, max: number | null, currency: string): string {
  if (min !== null && max !== null)
    return `Invoice amount between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}`;
  if (min !== null) return `Invoice amount at least ${formatMoney(min, currency)}`;
  if (max !== null) return `Invoice amount at most ${formatMoney(max, currency)}`;
  return "Any invoice amount";
}

export const invoiceAmount = defineCondition({
  label: "Invoice amount",
  hint: "Invoices in other currencies are compared after conversion with the rates in settings.",
  schema,
  readsInvoice: true,
  describe: (condition, currency) => describeRange(condition.min, condition.max, currency),
  compile: (condition) => ({
    fact: "invoiceAmount",
    operator: "amountInRange",
    value: { min: condition.min, max: condition.max } satisfies AmountRange,
    priority: FROM_PAYLOAD,
  }),
  facts: {
    invoiceAmount(ctx): FactOutcome<number> {
      if (!ctx.isInvoice) return unavailable(NO_INVOICE);
      const amount = amountOf(ctx.object);
      if (!amount) return unavailable("the invoice has no amount_due or total");
      const { defaultCurrency, exchangeRates } = ctx.settings;
      const converted = toDefaultCurrencyMinor({ ...amount, defaultCurrency, exchangeRates });
      if (converted === null) return unavailable(`no exchange rate for ${amount.currency.toUpperCase()}`);
      return available(converted);
    },
  },
  operators: {
    amountInRange(fact, expected) {
      const range = expected as AmountRange;
      if (fact.unavailable !== undefined || typeof fact.value !== "number") return false;
      return (range.min === null || fact.value >= range.min) && (range.max === null || fact.value <= range.max);
    },
  },
  describeFound: (actual, currency) =>
    typeof actual === "number" ? `found ${formatMoney(actual, currency)}` : "found no amount",
  form: {
    layout: "grid",
    fields: [
      {
        kind: "money",
        name: "min",
        label: (code) => `Minimum amount (${code})`,
        hint: (code, example) => `In ${code}, e.g. ${example}. Leave empty for no minimum.`,
      },
      {
        kind: "money",
        name: "max",
        label: (code) => `Maximum amount (${code})`,
        hint: (code, example) => `In ${code}, e.g. ${example}. Leave empty for no maximum.`,
      },
    ],
    toForm: (condition, currency) => ({
      min: condition.min === null ? "" : formatMajorAmount(condition.min, currency),
      max: condition.max === null ? "" : formatMajorAmount(condition.max, currency),
    }),
    fromForm(values, path, currency, issues: FormIssue[]) {
      const before = issues.length;
      const bound = (field: "min" | "max"): number | null => {
        const parsed = parseMajorAmount(formValue.text(values[field]), currency);
        if (parsed.ok) return parsed.minor;
        issues.push({ path: `${path}.${field}`, message: parsed.message });
        return null;
      };
      const min = bound("min");
      const max = bound("max");
      if (issues.length === before && min === null && max === null) {
        issues.push({ path: `${path}.min`, message: "set a minimum, a maximum or both" });
      } else if (min !== null && max !== null && min > max) {
        issues.push({
          path: `${path}.max`,
          message: `the maximum must be at least the minimum (${formatMajorAmount(min, currency)})`,
        });
      }
      return { type: "invoice_amount" as const, min, max };
    },
  },
});
