import { z } from "zod";
import { TRIGGERS, type Trigger } from "@/lib/triggers";
import type { SampleEventOptions, SampleEventType } from "@/lib/samples/sample-events";
import { minorUnitExponent } from "@/lib/money/money";

// The "Send a test event" form: which sample event each trigger takes, and the few values a
// person sets. One schema for the form's fields and the server action.

export const TEST_EVENTS: Record<Trigger, { type: SampleEventType; note: string }> = {
  invoice_due_date_upcoming: {
    type: "invoice.finalized",
    note: "invoice.finalized of a send_invoice invoice, due in the days you choose",
  },
  invoice_finalized: { type: "invoice.finalized", note: "invoice.finalized" },
  invoice_overdue: { type: "invoice.overdue", note: "invoice.overdue of a send_invoice invoice" },
  subscription_canceled: { type: "customer.subscription.deleted", note: "customer.subscription.deleted" },
  subscription_payment_failed: {
    type: "invoice.payment_failed",
    note: "invoice.payment_failed, first attempt, of a subscription's invoice",
  },
};

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = (max: number, what: string) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, `${what} must be at most ${max} characters (Stripe's metadata limit)`).optional(),
  );

export const testEventSchema = z
  .object({
    trigger: z.enum(TRIGGERS, { error: "choose a trigger" }),
    amount: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "amount must be a number, such as 249.00" })
        .nonnegative("amount must be 0 or more")
        .max(100_000_000, "amount must be at most 100,000,000"),
    ),
    currency: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{3}$/, "currency must be a three-letter code such as usd"),
    interval: z.enum(["month", "year"], { error: "interval must be monthly or yearly" }),
    dueInDays: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "due in must be a whole number of days" })
        .int("due in must be a whole number of days")
        .min(0, "due in must be 0 days or more")
        .max(365, "due in must be at most 365 days")
        .default(7),
    ),
    customerMetadataKey: optionalText(40, "the key"),
    customerMetadataValue: optionalText(500, "the value"),
    invoiceMetadataKey: optionalText(40, "the key"),
    invoiceMetadataValue: optionalText(500, "the value"),
  })
  .superRefine((input, ctx) => {
    for (const kind of ["customerMetadata", "invoiceMetadata"] as const) {
      const key = input[`${kind}Key`];
      const value = input[`${kind}Value`];
      if (key && !value) ctx.addIssue({ code: "custom", path: [`${kind}Value`], message: "give a value for the key" });
      if (value && !key) ctx.addIssue({ code: "custom", path: [`${kind}Key`], message: "give a key for the value" });
    }
  });

export type TestEventInput = z.output<typeof testEventSchema>;

/** The sample event a trigger takes, with the person's values; amounts go from major to minor units. */
export function testEventFor(input: TestEventInput, now: Date): { type: SampleEventType; options: SampleEventOptions } {
  const options: SampleEventOptions = {
    amount: Math.round(input.amount * 10 ** minorUnitExponent(input.currency)),
    currency: input.currency,
    interval: input.interval,
  };
  if (input.customerMetadataKey && input.customerMetadataValue) {
    options.customerMetadata = { [input.customerMetadataKey]: input.customerMetadataValue };
  }
  if (input.invoiceMetadataKey && input.invoiceMetadataValue) {
    options.invoiceMetadata = { [input.invoiceMetadataKey]: input.invoiceMetadataValue };
  }
  switch (input.trigger) {
    case "invoice_due_date_upcoming":
      options.collectionMethod = "send_invoice";
      options.dueDate = Math.floor(now.getTime() / 1000) + input.dueInDays * 86_400;
      break;
    case "invoice_overdue":
      options.collectionMethod = "send_invoice";
      break;
    case "subscription_payment_failed":
      options.attemptCount = 1;
      break;
    case "invoice_finalized":
    case "subscription_canceled":
      break;
  }
  return { type: TEST_EVENTS[input.trigger].type, options };
}
