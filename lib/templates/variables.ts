// The {{variables}} a message template may use: the editor lists them (with a sample value for its
// preview), the params schema refuses any other name, and the worker fills them from the invoice
// read right before sending. Shared by the browser and the server, so nothing here reads anything.
import { formatMoney } from "@/lib/money/money";

export interface TemplateVariable {
  /** As written between the braces: customer.name. */
  name: string;
  /** One line for the editor. */
  description: string;
  /** What the editor's preview shows for it. */
  sample: string;
  /**
   * "url": put into the Markdown as a link target when it is a plain http(s) URL (a link's
   * destination cannot be escaped text). "text": always escaped, so it can never become Markdown.
   */
  kind: "text" | "url";
}

export const TEMPLATE_VARIABLES = [
  { name: "customer.name", description: "The customer's name", sample: "Jenny Rosen", kind: "text" },
  { name: "customer.email", description: "The address the email goes to", sample: "jenny@example.com", kind: "text" },
  { name: "invoice.number", description: "The invoice number", sample: "F00D-0042", kind: "text" },
  {
    name: "invoice.amount_due",
    description: "The amount due, in the invoice's currency",
    sample: "$12.50",
    kind: "text",
  },
  {
    name: "invoice.amount_remaining",
    description: "What is still to pay after partial payments",
    sample: "$12.50",
    kind: "text",
  },
  { name: "invoice.currency", description: "The invoice's currency code", sample: "USD", kind: "text" },
  {
    name: "invoice.due_date",
    description: "The due date (UTC), empty when the invoice has none",
    sample: "2026-12-15",
    kind: "text",
  },
  {
    name: "invoice.hosted_invoice_url",
    description: "Stripe's page where the customer views and pays the invoice",
    sample: "https://invoice.stripe.com/i/acct_sample/test_sample",
    kind: "url",
  },
  {
    name: "invoice.invoice_pdf",
    description: "A link to the invoice as a PDF",
    sample: "https://pay.stripe.com/invoice/acct_sample/test_sample/pdf",
    kind: "url",
  },
  { name: "invoice.id", description: "Stripe's id of the invoice", sample: "in_1Sample0000000000", kind: "text" },
] as const satisfies readonly TemplateVariable[];

export type TemplateVariableName = (typeof TEMPLATE_VARIABLES)[number]["name"];

/** A value for each variable; a missing or null one is left empty. */
export type TemplateValues = Partial<Record<TemplateVariableName, string | null>>;

const TEMPLATE_VARIABLE_NAMES: readonly TemplateVariableName[] = TEMPLATE_VARIABLES.map((v) => v.name);

export function isTemplateVariable(name: string): name is TemplateVariableName {
  return (TEMPLATE_VARIABLE_NAMES as readonly string[]).includes(name);
}

export function variableKind(name: TemplateVariableName): TemplateVariable["kind"] {
  return TEMPLATE_VARIABLES.find((variable) => variable.name === name)?.kind ?? "text";
}

/** The values the editor's preview shows. */
export function sampleValues(variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES): TemplateValues {
  return Object.fromEntries(variables.map((variable) => [variable.name, variable.sample]));
}

/** The invoice facts the variables are made of; every field may be missing (a run's stored context has fewer). */
export interface InvoiceFacts {
  id: string;
  number?: string | null;
  /** Minor units of `currency`. */
  amountDue?: number | null;
  amountRemaining?: number | null;
  currency?: string | null;
  /** Unix seconds. */
  dueDate?: number | null;
  hostedInvoiceUrl?: string | null;
  invoicePdf?: string | null;
}

const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  typeof amount === "number" && currency ? formatMoney(amount, currency) : "";

/** The variables' values for an invoice and its customer. */
export function invoiceTemplateValues(
  invoice: InvoiceFacts,
  customer: { name?: string | null; email?: string | null },
): Record<TemplateVariableName, string> {
  return {
    "customer.name": customer.name ?? "",
    "customer.email": customer.email ?? "",
    "invoice.number": invoice.number ?? "",
    "invoice.amount_due": money(invoice.amountDue, invoice.currency),
    "invoice.amount_remaining": money(invoice.amountRemaining, invoice.currency),
    "invoice.currency": invoice.currency?.toUpperCase() ?? "",
    "invoice.due_date":
      typeof invoice.dueDate === "number" ? new Date(invoice.dueDate * 1000).toISOString().slice(0, 10) : "",
    "invoice.hosted_invoice_url": invoice.hostedInvoiceUrl ?? "",
    "invoice.invoice_pdf": invoice.invoicePdf ?? "",
    "invoice.id": invoice.id,
  };
}
