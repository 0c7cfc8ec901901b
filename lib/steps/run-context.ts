import { z } from "zod";
import { customerIdOf, invoiceSubscriptionId, type StripeObject } from "@/lib/rules/facts";

/**
 * What a run's actions need to know about its object, captured when the run starts and kept in the
 * run's `context` column (parsed with this schema wherever it is read). Actions that depend on
 * current state look at Stripe (or, in dry-run, the newest webhook); this is for messages and links.
 */
export const runContextSchema = z.object({
  objectType: z.enum(["invoice", "subscription"]),
  objectId: z.string(),
  livemode: z.boolean(),
  customerId: z.string().nullable(),
  invoice: z
    .object({
      id: z.string(),
      number: z.string().nullable(),
      amountDue: z.number().nullable(),
      currency: z.string().nullable(),
      dueDate: z.string().nullable(),
      hostedInvoiceUrl: z.string().nullable(),
      subscriptionId: z.string().nullable(),
      customerEmail: z.string().nullable(),
      customerName: z.string().nullable(),
      collectionMethod: z.string().nullable(),
    })
    .optional(),
  subscription: z.object({ id: z.string(), status: z.string().nullable() }).optional(),
});

export type RunContext = z.infer<typeof runContextSchema>;

const str = (value: unknown) => (typeof value === "string" ? value : null);
const num = (value: unknown) => (typeof value === "number" ? value : null);

export function buildRunContext(objectType: "invoice" | "subscription", object: StripeObject): RunContext {
  const base = {
    objectType,
    objectId: String(object.id),
    livemode: object.livemode === true,
    customerId: customerIdOf(object),
  };
  if (objectType === "subscription") {
    return { ...base, subscription: { id: String(object.id), status: str(object.status) } };
  }
  return {
    ...base,
    invoice: {
      id: String(object.id),
      number: str(object.number),
      amountDue: num(object.amount_due) ?? num(object.total),
      currency: str(object.currency),
      dueDate: typeof object.due_date === "number" ? new Date(object.due_date * 1000).toISOString() : null,
      hostedInvoiceUrl: str(object.hosted_invoice_url),
      subscriptionId: invoiceSubscriptionId(object),
      customerEmail: str(object.customer_email),
      customerName: str(object.customer_name),
      collectionMethod: str(object.collection_method),
    },
  };
}
