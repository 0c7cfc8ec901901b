import { customerIdOf, invoiceSubscriptionId, type StripeObject } from "@/lib/rules/facts";

/**
 * Who and how much an event or a run concerns, as columns: the events and runs lists find them by
 * customer, email, subscription or amount off an index rather than by reading every payload.
 * The migration that added them wrote the same for the rows stored before, in SQL.
 */
export interface SearchFields {
  customerId: string | null;
  /** Lowercased, so an email is found however it was typed. */
  customerEmail: string | null;
  subscriptionId: string | null;
  /** An invoice's amount due, in its currency's minor units; null for a subscription. */
  amount: number | null;
  currency: string | null;
}

export const NO_SEARCH_FIELDS: SearchFields = {
  customerId: null,
  customerEmail: null,
  subscriptionId: null,
  amount: null,
  currency: null,
};

const text = (value: unknown) => (typeof value === "string" && value ? value : null);
const integer = (value: unknown) => (typeof value === "number" && Number.isInteger(value) ? value : null);

/** The fields of an event's `data.object`: an invoice or a subscription. */
export function searchFieldsOf(object: StripeObject): SearchFields {
  const invoice = object.object === "invoice";
  return {
    customerId: customerIdOf(object),
    customerEmail: text(object.customer_email)?.toLowerCase() ?? null,
    subscriptionId: invoice ? invoiceSubscriptionId(object) : object.object === "subscription" ? text(object.id) : null,
    amount: invoice ? (integer(object.amount_due) ?? integer(object.total)) : null,
    currency: text(object.currency),
  };
}
