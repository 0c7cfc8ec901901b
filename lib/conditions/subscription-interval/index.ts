import { z } from "zod";
import {
  invoiceLineInterval,
  normalizeBillingPeriod,
  sameBillingPeriod,
  subscriptionInterval as periodOfSubscription,
  type BillingPeriod,
} from "@/lib/rules/facts";
import { oneOf, strictFields } from "@/lib/zod/strict-fields";
import { defineCondition, formValue, MAY_READ_STRIPE } from "../definition";
import { available, subscriptionOf, type FactOutcome } from "../facts";

/** Stripe's billing intervals; a condition's period is `intervalCount` of them (default 1). */
export const SUBSCRIPTION_INTERVALS = ["day", "week", "month", "year"] as const;
export type SubscriptionInterval = (typeof SUBSCRIPTION_INTERVALS)[number];
/** Stripe's longest billing period is three years (3 years, 36 months or 156 weeks); for days, 3 × 365. */
const MAX_INTERVAL_COUNT: Record<SubscriptionInterval, number> = { day: 1095, week: 156, month: 36, year: 3 };

/** The interval select's words, singular after a count of 1 ("every 1 month", "every 3 months"). */
export const INTERVAL_UNITS: Record<SubscriptionInterval, { singular: string; plural: string }> = {
  day: { singular: "day", plural: "days" },
  week: { singular: "week", plural: "weeks" },
  month: { singular: "month", plural: "months" },
  year: { singular: "year", plural: "years" },
};

// Holds when the subscription is billed exactly every `intervalCount` `interval`s: { interval: "month" }
// is monthly only (a quarterly price is month × 3), and month × 12 counts as year × 1.
const wholeIntervalCount =
  "intervalCount must be a whole number of 1 or more (e.g. 3 with month: quarterly), or left out for 1";
const schema = strictFields(
  {
    type: z.literal("subscription_interval"),
    interval: z.enum(SUBSCRIPTION_INTERVALS, { error: oneOf("interval", SUBSCRIPTION_INTERVALS) }),
    intervalCount: z
      .number({ error: wholeIntervalCount })
      .int({ error: wholeIntervalCount })
      .min(1, { error: wholeIntervalCount })
      .optional(),
  },
  "a subscription_interval condition",
).superRefine((condition, ctx) => {
  const max = MAX_INTERVAL_COUNT[condition.interval];
  if (condition.intervalCount !== undefined && condition.intervalCount > max) {
    ctx.addIssue({
      code: "custom",
      path: ["intervalCount"],
      message: `intervalCount must be at most ${max} with ${condition.interval}: Stripe bills at least every 3 years`,
    });
  }
});

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

/**
 * The billing period a trace recorded: `{ interval, intervalCount }`, or the interval alone
 * ("month"), as traces stored before interval counts were read have it.
 */
function billingPeriodOf(actual: unknown): BillingPeriod | null {
  if (typeof actual === "string" && actual !== "") return { interval: actual, intervalCount: 1 };
  if (typeof actual !== "object" || actual === null) return null;
  const { interval, intervalCount } = actual as { interval?: unknown; intervalCount?: unknown };
  if (typeof interval !== "string" || interval === "") return null;
  if (intervalCount === undefined) return { interval, intervalCount: 1 };
  if (typeof intervalCount !== "number" || !Number.isSafeInteger(intervalCount) || intervalCount < 1) return null;
  return { interval, intervalCount };
}

const isInterval = (value: string): value is SubscriptionInterval =>
  (SUBSCRIPTION_INTERVALS as readonly string[]).includes(value);

/** "every [3] [months]": the count as typed, checked in the form's words (1 when it cannot be read). */
function parseIntervalCount(
  text: string,
  interval: SubscriptionInterval,
  path: string,
  issues: { path: string; message: string }[],
) {
  const typed = text.trim();
  const max = MAX_INTERVAL_COUNT[interval];
  const units = INTERVAL_UNITS[interval].plural;
  if (!/^\d+$/.test(typed) || Number(typed) < 1) {
    issues.push({ path, message: `enter how many ${units} make one billing period: a whole number of 1 or more` });
    return 1;
  }
  const count = Number(typed);
  if (count > max) {
    issues.push({ path, message: `at most ${max} ${units}: Stripe bills at least every 3 years` });
    return 1;
  }
  return count;
}

export const subscriptionInterval = defineCondition({
  label: "Subscription interval",
  hint: "Subscriptions billed exactly this often: monthly does not match a quarterly price (every 3 months); every 12 months counts as yearly.",
  schema,
  onlyOne: true,
  describe: (condition) =>
    `Subscription is billed ${describeBillingPeriod({ interval: condition.interval, intervalCount: condition.intervalCount ?? 1 })}`,
  compile: (condition) => ({
    fact: "subscriptionInterval",
    operator: "sameBillingPeriod",
    value: { interval: condition.interval, intervalCount: condition.intervalCount ?? 1 } satisfies BillingPeriod,
    priority: MAY_READ_STRIPE,
  }),
  facts: {
    /** `{ interval, intervalCount }` as Stripe states it (month × 3 stays month × 3), or null when no price says. */
    async subscriptionInterval(ctx, _params, almanac): Promise<FactOutcome<BillingPeriod | null>> {
      // Older payloads state the period on the invoice lines, which saves reading the subscription;
      // basil and later lines name only the price's id, so the subscription is read then.
      const fromLines = ctx.isInvoice ? invoiceLineInterval(ctx.object) : null;
      if (fromLines) return available(fromLines);
      const subscription = await subscriptionOf(almanac);
      if (subscription.unavailable !== undefined) return subscription;
      return available(periodOfSubscription(subscription.value));
    },
  },
  operators: {
    // Exactly the same billing period: monthly does not match a quarterly price; month × 12 is yearly.
    sameBillingPeriod: (fact, expected) =>
      fact.unavailable === undefined &&
      fact.value !== null &&
      sameBillingPeriod(fact.value as BillingPeriod, expected as BillingPeriod),
  },
  describeFound(actual) {
    const period = billingPeriodOf(actual);
    return period ? `found ${describeBillingPeriod(period)}` : "found no interval";
  },
  form: {
    layout: "row",
    fields: [
      { kind: "count", name: "intervalCount", label: "Billed every", placeholder: "1" },
      {
        kind: "select",
        name: "interval",
        label: "Interval",
        options: (values) => {
          const typed = formValue.text(values.intervalCount).trim();
          const unit = typed === "1" ? "singular" : "plural";
          return SUBSCRIPTION_INTERVALS.map((interval) => ({ value: interval, label: INTERVAL_UNITS[interval][unit] }));
        },
      },
    ],
    toForm: (condition) => ({ interval: condition.interval, intervalCount: String(condition.intervalCount ?? 1) }),
    fromForm(values, path, _currency, issues) {
      const typed = formValue.text(values.interval);
      const interval = isInterval(typed) ? typed : "year";
      const intervalCount = parseIntervalCount(
        formValue.text(values.intervalCount),
        interval,
        `${path}.intervalCount`,
        issues,
      );
      // 1 is the default: left out, so { interval: "year" } comes back as it was stored.
      return intervalCount === 1
        ? { type: "subscription_interval" as const, interval }
        : { type: "subscription_interval" as const, interval, intervalCount };
    },
    explain(values) {
      const typed = formValue.text(values.intervalCount).trim();
      const interval = formValue.text(values.interval);
      if (!/^\d+$/.test(typed) || Number(typed) < 1 || !isInterval(interval)) return null;
      return `Matches subscriptions billed ${describeBillingPeriod({ interval, intervalCount: Number(typed) })}.`;
    },
  },
});
