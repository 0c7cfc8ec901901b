import { actionDefinitions, safeParseActionParams, type DurationUnit } from "@/lib/automations/actions";
import type { ActionStep, Condition, Step } from "@/lib/automations/schema";
import { normalizeBillingPeriod, type BillingPeriod } from "@/lib/rules/facts";
import { formatMoney } from "@/lib/rules/money";

// Summaries people read in the match trace, the run timeline and the editor.

/** "a, b and c" */
function listInWords(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

function plural(amount: number, unit: DurationUnit): string {
  const singular = unit.slice(0, -1);
  return `${amount} ${Math.abs(amount) === 1 ? singular : unit}`;
}

const PERIOD_WORDS: Record<string, { every: string; plural: string }> = {
  day: { every: "daily", plural: "days" },
  week: { every: "weekly", plural: "weeks" },
  month: { every: "monthly", plural: "months" },
  year: { every: "yearly", plural: "years" },
};

function periodAsStated({ interval, intervalCount }: BillingPeriod): string {
  const words = Object.hasOwn(PERIOD_WORDS, interval) ? PERIOD_WORDS[interval] : undefined;
  if (!words) return intervalCount === 1 ? `every ${interval}` : `every ${intervalCount} × ${interval}`;
  return intervalCount === 1 ? words.every : `every ${intervalCount} ${words.plural}`;
}

/**
 * A billing period in words: "monthly", "every 3 months", "weekly", "every 2 years". A period of
 * whole years in months says both, as the condition matches it: "yearly (every 12 months)".
 */
export function describeBillingPeriod(period: BillingPeriod): string {
  const stated = periodAsStated(period);
  const normalized = normalizeBillingPeriod(period);
  return normalized.interval === period.interval ? stated : `${periodAsStated(normalized)} (${stated})`;
}

export function describeCondition(condition: Condition, currency: string): string {
  switch (condition.type) {
    case "customer_metadata":
      return `Customer metadata ${condition.key} = ${condition.value}`;
    case "invoice_metadata":
      return `Invoice metadata ${condition.key} = ${condition.value}`;
    case "invoice_amount":
      return describeAmountRange(condition.min, condition.max, currency);
    case "subscription_interval":
      return `Subscription is billed ${describeBillingPeriod({ interval: condition.interval, intervalCount: condition.intervalCount ?? 1 })}`;
    case "product":
      return `${condition.products.length === 1 ? "Product" : "Any of the products"} ${listInWords(condition.products, "or")}`;
  }
}

function describeAmountRange(min: number | null, max: number | null, currency: string): string {
  if (min !== null && max !== null) {
    return `Invoice amount between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}`;
  }
  if (min !== null) return `Invoice amount at least ${formatMoney(min, currency)}`;
  if (max !== null) return `Invoice amount at most ${formatMoney(max, currency)}`;
  return "Any invoice amount";
}

export function describeStep(step: Step): string {
  if (step.type === "delay") return describeDelay(step.amount, step.unit, step.from);
  return describeAction(step);
}

function describeDelay(amount: number, unit: DurationUnit, from: "due_date" | undefined): string {
  if (from !== "due_date") return `Wait ${plural(amount, unit)}`;
  if (amount === 0) return "On the due date";
  return `${plural(Math.abs(amount), unit)} ${amount < 0 ? "before" : "after"} the due date`;
}

/** "after 1, 3 and 7 days" when the units agree, else "after 12 hours and 2 days". */
function describeRetries(retries: ReadonlyArray<{ amount: number; unit: DurationUnit }>): string {
  const first = retries[0];
  if (first && retries.length > 1 && retries.every((retry) => retry.unit === first.unit)) {
    return `after ${listInWords(retries.map((retry) => String(retry.amount)))} ${first.unit}`;
  }
  return `after ${listInWords(retries.map((retry) => plural(retry.amount, retry.unit)))}`;
}

// A stored step whose params no longer parse still gets a readable line: its label.
function describeAction(step: ActionStep): string {
  const label = actionDefinitions[step.action].label;
  switch (step.action) {
    case "set_retry_policy": {
      const params = safeParseActionParams(step.action, step.params);
      return params ? `${label}: retry ${describeRetries(params.retries)}` : label;
    }
    case "send_team_email": {
      const to = safeParseActionParams(step.action, step.params)?.to;
      return to ? `${label} to ${listInWords(to)}` : `${label} to the team addresses in settings`;
    }
    case "send_cancellation_email": {
      const surveyUrl = safeParseActionParams(step.action, step.params)?.surveyUrl;
      return surveyUrl ? `${label} with survey link ${surveyUrl}` : label;
    }
    case "send_invoice_will_be_due_webhook": {
      const url = safeParseActionParams(step.action, step.params)?.url;
      return url ? `${label} to ${url}` : `${label} to the endpoints in settings`;
    }
    default:
      return label;
  }
}
