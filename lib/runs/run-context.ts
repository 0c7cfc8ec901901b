import { customerIdOf, invoiceSubscriptionId, type StripeObject } from "@/lib/rules/facts";

/**
 * What a run's actions need to know about its object, captured when the run starts. Actions that
 * depend on current state re-read Stripe; this is for messages and links.
 */
export interface RunContext {
  objectType: "invoice" | "subscription";
  objectId: string;
  livemode: boolean;
  customerId: string | null;
  invoice?: {
    id: string;
    number: string | null;
    amountDue: number | null;
    currency: string | null;
    dueDate: string | null;
    hostedInvoiceUrl: string | null;
    subscriptionId: string | null;
    customerEmail: string | null;
    customerName: string | null;
    collectionMethod: string | null;
  };
  subscription?: { id: string; status: string | null };
}

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

/** Stripe's dashboard page for the run's object (test-mode objects live under /test). */
export function dashboardUrl(context: Pick<RunContext, "objectType" | "objectId" | "livemode">): string {
  const section = context.objectType === "invoice" ? "invoices" : "subscriptions";
  return `https://dashboard.stripe.com/${context.livemode ? "" : "test/"}${section}/${context.objectId}`;
}
