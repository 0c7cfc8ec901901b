import { z } from "zod";
import type { StripeInvoiceLike } from "@/lib/stripe/gateway";
import {
  TEMPLATE_VARIABLES,
  invoiceTemplateValues,
  renderCustomerEmail,
  templateProblems,
  type InvoiceFacts,
} from "@/lib/templates";
import type { Trigger } from "@/lib/triggers";
import { strictFields } from "@/lib/zod/strict-fields";
import { defineAction, permanentError, type ActionContext } from "../definition";
import { deliverEmail, describeEmailResult } from "../email";
import { needsSmtp } from "../requirements";
import type { RunContext } from "../run-context";

const SUBJECT_MAX = 200;
const BODY_MAX = 10_000;

/** A required template param: text, at most `max` characters, every {{variable}} known and closed. */
const template = (field: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
    .max(max, { error: `${field} must be at most ${max.toLocaleString("en-US")} characters` })
    .refine((value) => value.trim() !== "", { error: `${field} must not be empty` })
    .superRefine((value, ctx) => {
      for (const message of templateProblems(value)) ctx.addIssue({ code: "custom", message });
    });

const params = strictFields(
  { subject: template("subject", SUBJECT_MAX), body: template("body", BODY_MAX) },
  "send_customer_email params",
);

// The triggers whose run belongs to an invoice, which the variables describe.
const INVOICE_TRIGGERS = [
  "invoice_due_date_upcoming",
  "invoice_finalized",
  "invoice_overdue",
  "subscription_payment_failed",
] as const satisfies readonly Trigger[];

const variableList = TEMPLATE_VARIABLES.map((variable) => `{{${variable.name}}}`).join(", ");

const str = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : null);
const num = (value: unknown) => (typeof value === "number" ? value : null);

function factsFromStripe(invoice: StripeInvoiceLike): InvoiceFacts {
  return {
    id: invoice.id,
    number: str(invoice.number),
    amountDue: num(invoice.amount_due),
    amountRemaining: num(invoice.amount_remaining),
    currency: str(invoice.currency),
    dueDate: num(invoice.due_date),
    hostedInvoiceUrl: str(invoice.hosted_invoice_url),
    invoicePdf: str(invoice.invoice_pdf),
  };
}

function factsFromRun(context: RunContext): InvoiceFacts {
  const invoice = context.invoice;
  return {
    id: invoice?.id ?? context.objectId,
    number: invoice?.number,
    amountDue: invoice?.amountDue,
    // The run keeps only the amount due as the run started, when nothing had been paid on it yet.
    amountRemaining: invoice?.amountDue,
    currency: invoice?.currency,
    dueDate: invoice?.dueDate ? Math.floor(Date.parse(invoice.dueDate) / 1000) : null,
    hostedInvoiceUrl: invoice?.hostedInvoiceUrl,
  };
}

/**
 * Who the invoice is addressed to: the invoice's own copy of the customer's address and name (what
 * Stripe's invoice emails use), else the customer as Stripe has it now.
 */
async function recipientOf(ctx: ActionContext): Promise<{ email: string | null; name: string | null }> {
  const fresh = ctx.invoice?.invoice;
  const stored = ctx.run.context.invoice;
  let email = fresh ? str(fresh.customer_email) : str(stored?.customerEmail);
  let name = fresh ? str(fresh.customer_name) : str(stored?.customerName);
  const customerId = ctx.run.context.customerId;
  if ((!email || !name) && customerId) {
    const customer = await ctx.gateway.retrieveCustomer(customerId);
    if (customer && !customer.deleted) {
      email ??= str(customer.email);
      name ??= str(customer.name);
    }
  }
  return { email, name };
}

export const sendCustomerEmail = defineAction({
  label: "Send customer email",
  description: "Email the invoice's customer a message you write, with the invoice's details filled in.",
  params,
  triggers: INVOICE_TRIGGERS,
  fields: [
    {
      kind: "text",
      name: "subject",
      label: "Subject",
      hint: "One line. Variables work here too, e.g. {{invoice.number}}.",
      maxLength: SUBJECT_MAX,
      placeholder: "Your invoice {{invoice.number}} is overdue",
      variables: TEMPLATE_VARIABLES,
    },
    {
      kind: "markdown",
      name: "body",
      label: "Body",
      hint: `Markdown: **bold**, _italic_, [a link](https://example.com), lists. Variables: ${variableList}.`,
      rows: 10,
      maxLength: BODY_MAX,
      variables: TEMPLATE_VARIABLES,
      preview: { kind: "email", subjectField: "subject" },
    },
  ],
  describe: (p, label) => {
    if (!p) return label;
    const subject = p.subject.length > 80 ? `${p.subject.slice(0, 79)}…` : p.subject;
    return `${label} “${subject}”`;
  },
  describeResult: describeEmailResult,
  requires: (_p, ctx, at) => needsSmtp("send_customer_email", ctx, at),
  checksInvoice: true,
  async execute(ctx, p) {
    const recipient = await recipientOf(ctx);
    const facts = ctx.invoice ? factsFromStripe(ctx.invoice.invoice) : factsFromRun(ctx.run.context);
    const email = renderCustomerEmail(p, invoiceTemplateValues(facts, recipient));
    if (recipient.email) return deliverEmail(ctx, { to: [recipient.email], email, purpose: "customer email" });
    const customerId = ctx.run.context.customerId ?? "(none)";
    if (!ctx.dryRun) {
      throw permanentError(`neither invoice ${facts.id} nor customer ${customerId} has an email address in Stripe`);
    }
    // Dry-run reads nothing from Stripe: the message is shown as it would go out, unaddressed.
    return deliverEmail(ctx, {
      to: [`the email address of customer ${customerId}, read from Stripe when sent`],
      email,
      purpose: "customer email",
    });
  },
});
