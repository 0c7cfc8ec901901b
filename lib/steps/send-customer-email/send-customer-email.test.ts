import { describe, expect, it } from "vitest";
import type { RenderedEmail } from "@/lib/email/templates";
import { buildSampleObjects } from "@/lib/samples/sample-events";
import {
  createDryRunGateway,
  type StripeCustomerLike,
  type StripeGateway,
  type StripeInvoiceLike,
} from "@/lib/stripe/gateway";
import { actionsAllowedOn, describeAction } from "..";
import type { ActionContext, EmailService } from "../definition";
import { buildRunContext } from "../run-context";
import { sendCustomerEmail } from ".";

interface Sent {
  to: string[];
  email: RenderedEmail;
  purpose: string;
}

const DUE = Date.UTC(2026, 11, 15) / 1000;

function invoiceOf(overrides: Partial<StripeInvoiceLike> = {}): StripeInvoiceLike {
  const { invoice } = buildSampleObjects({ amount: 1250, currency: "usd", collectionMethod: "send_invoice" });
  return {
    ...(invoice as unknown as StripeInvoiceLike),
    number: "F00D-0042",
    due_date: DUE,
    amount_due: 1250,
    amount_remaining: 1250,
    customer_email: "ada@example.com",
    customer_name: "Ada Lovelace",
    hosted_invoice_url: "https://invoice.stripe.com/i/acct_1/test_2",
    invoice_pdf: "https://pay.stripe.com/invoice/acct_1/test_2/pdf",
    ...overrides,
  };
}

function contextFor(
  invoice: StripeInvoiceLike,
  options: { dryRun?: boolean; customer?: StripeCustomerLike | null; fresh?: boolean } = {},
) {
  const sent: Sent[] = [];
  const reads: string[] = [];
  const dryRun = options.dryRun ?? false;
  const nothing = () => Promise.reject(new Error("not needed"));
  const email: EmailService = {
    async send(input) {
      sent.push(input);
      return dryRun ? { sent: false } : { sent: true, messageId: "<step@test>" };
    },
  };
  const gateway: StripeGateway = dryRun
    ? createDryRunGateway()
    : ({
        async retrieveCustomer(id: string) {
          reads.push(id);
          return options.customer ?? null;
        },
      } as unknown as StripeGateway);
  const ctx: ActionContext = {
    now: () => new Date(),
    gateway,
    email,
    webhooks: { eventId: (key) => key, deliver: nothing },
    http: { post: nothing },
    destinations: { find: nothing },
    lastSeen: nothing,
    dryRun,
    run: {
      id: "run_1",
      trigger: "invoice_overdue",
      automationName: "Overdue",
      context: buildRunContext("invoice", invoice as unknown as Parameters<typeof buildRunContext>[1]),
      dryRun,
      tookOverCollection: false,
    },
    step: { id: "step_1", key: "0", position: 0, dueAt: new Date(), firstAttemptAt: new Date() },
    settings: nothing,
    idempotencyKey: (operation) => `billing-automations:step_1:${operation}`,
    ...(options.fresh === false
      ? {}
      : { invoice: { invoice, apiVersion: null, source: dryRun ? ("webhook" as const) : ("stripe" as const) } }),
  };
  return { ctx, sent, reads };
}

const params = sendCustomerEmail.params.parse({
  subject: "Invoice {{invoice.number}} is overdue",
  body: [
    "Hi {{customer.name}},",
    "",
    "{{invoice.amount_due}} ({{invoice.currency}}) was due on {{invoice.due_date}}; {{invoice.amount_remaining}} remains.",
    "[Pay {{invoice.number}}]({{invoice.hosted_invoice_url}}) or [get the PDF]({{invoice.invoice_pdf}}).",
    "Sent to {{customer.email}} about {{invoice.id}}.",
  ].join("\n"),
});

describe("send_customer_email", () => {
  it("fills every variable from the invoice read before acting, and emails its customer_email", async () => {
    const invoice = invoiceOf();
    const { ctx, sent, reads } = contextFor(invoice);
    const outcome = await sendCustomerEmail.execute(ctx, params);
    expect(reads).toEqual([]);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail!.to).toEqual(["ada@example.com"]);
    expect(mail!.purpose).toBe("customer email");
    expect(mail!.email.subject).toBe("Invoice F00D-0042 is overdue");
    expect(mail!.email.text).toBe(
      [
        "Hi Ada Lovelace,",
        "",
        "$12.50 (USD) was due on 2026-12-15; $12.50 remains.",
        "Pay F00D-0042 (https://invoice.stripe.com/i/acct_1/test_2) or get the PDF (https://pay.stripe.com/invoice/acct_1/test_2/pdf).",
        `Sent to ada@example.com about ${invoice.id}.`,
        "",
      ].join("\n"),
    );
    expect(mail!.email.html).toContain('<a href="https://invoice.stripe.com/i/acct_1/test_2">Pay F00D-0042</a>');
    expect(mail!.email.html).toContain('<a href="https://pay.stripe.com/invoice/acct_1/test_2/pdf">get the PDF</a>');
    expect(outcome.result).toMatchObject({ emailed: ["ada@example.com"], messageId: "<step@test>" });
    expect(sendCustomerEmail.describeResult(outcome.result)).toEqual(["emailed ada@example.com"]);
  });

  it("uses the amount still to pay as Stripe has it now", async () => {
    const { ctx, sent } = contextFor(invoiceOf({ amount_remaining: 250 }));
    await sendCustomerEmail.execute(ctx, params);
    expect(sent[0]!.email.text).toContain("$12.50 (USD) was due on 2026-12-15; $2.50 remains.");
  });

  it("without an address or name on the invoice, writes to the customer as Stripe has it", async () => {
    const invoice = invoiceOf({ customer_email: null, customer_name: null });
    const { ctx, sent, reads } = contextFor(invoice, {
      customer: { id: "cus_1", email: "billing@example.com", name: "Grace Hopper" },
    });
    await sendCustomerEmail.execute(ctx, params);
    expect(reads).toEqual([ctx.run.context.customerId]);
    expect(sent[0]!.to).toEqual(["billing@example.com"]);
    expect(sent[0]!.email.text).toMatch(/^Hi Grace Hopper,/);
    expect(sent[0]!.email.text).toContain("Sent to billing@example.com");
  });

  it("a deleted customer and no address on the invoice: fails for good, sending nothing", async () => {
    const { ctx, sent } = contextFor(invoiceOf({ customer_email: null }), {
      customer: { id: "cus_1", deleted: true },
    });
    await expect(sendCustomerEmail.execute(ctx, params)).rejects.toMatchObject({
      permanent: true,
      message: expect.stringMatching(/has an email address in Stripe/),
    });
    expect(sent).toEqual([]);
  });

  it("falls back on the run's own copy of the invoice when none was read", async () => {
    const { ctx, sent } = contextFor(invoiceOf(), { fresh: false });
    await sendCustomerEmail.execute(ctx, params);
    expect(sent[0]!.to).toEqual(["ada@example.com"]);
    expect(sent[0]!.email.subject).toBe("Invoice F00D-0042 is overdue");
    expect(sent[0]!.email.text).toContain("$12.50 (USD) was due on 2026-12-15; $12.50 remains.");
    // The run keeps no PDF link: the link is left out, its words kept.
    expect(sent[0]!.email.text).toContain("(https://invoice.stripe.com/i/acct_1/test_2) or get the PDF.");
    expect(sent[0]!.email.html).toContain("or get the PDF.");
    expect(sent[0]!.email.html).not.toContain("/pdf");
  });

  it("in dry-run: records the message, addressed from the webhook's invoice", async () => {
    const { ctx, sent } = contextFor(invoiceOf(), { dryRun: true });
    const outcome = await sendCustomerEmail.execute(ctx, params);
    expect(sent[0]!.to).toEqual(["ada@example.com"]);
    expect(outcome).toMatchObject({ dryRun: true, result: { sent: false, dryRun: "would email ada@example.com" } });
  });

  it("in dry-run without an address on the invoice: records it unaddressed (Stripe is not read)", async () => {
    const invoice = invoiceOf({ customer_email: null });
    const { ctx, sent } = contextFor(invoice, { dryRun: true });
    const outcome = await sendCustomerEmail.execute(ctx, params);
    expect(sent[0]!.to).toEqual([
      `the email address of customer ${ctx.run.context.customerId}, read from Stripe when sent`,
    ]);
    expect(outcome.dryRun).toBe(true);
    expect((outcome.result as { email: { subject: string } }).email.subject).toBe("Invoice F00D-0042 is overdue");
  });
});

describe("send_customer_email params", () => {
  const issues = (input: unknown) => {
    const parsed = sendCustomerEmail.params.safeParse(input);
    return parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  };

  it("refuses unknown variables and unclosed braces on the field that has them", () => {
    expect(issues({ subject: "Hi {{customer.nmae}}", body: "{{invoice.number" })).toEqual([
      { path: "subject", message: expect.stringMatching(/^unknown variable \{\{customer\.nmae\}\}: use one of /) },
      { path: "body", message: "unclosed {{ on line 1: end the variable with }}" },
    ]);
  });

  it("requires both, within their lengths, and nothing else", () => {
    expect(issues({})).toEqual([
      { path: "subject", message: "subject is required" },
      { path: "body", message: "body is required" },
    ]);
    expect(issues({ subject: "x".repeat(201), body: " " })).toEqual([
      { path: "subject", message: "subject must be at most 200 characters" },
      { path: "body", message: "body must not be empty" },
    ]);
    expect(issues({ subject: "s", body: "x".repeat(10_001) })).toEqual([
      { path: "body", message: "body must be at most 10,000 characters" },
    ]);
    expect(issues({ subject: "s", body: "b", to: ["x@example.com"] })).toEqual([
      { path: "", message: "to is not a field of send_customer_email params; allowed: subject, body" },
    ]);
  });

  it("is offered on the invoice triggers only, and described by its subject", () => {
    expect(actionsAllowedOn("invoice_overdue")).toContain("send_customer_email");
    expect(actionsAllowedOn("subscription_canceled")).not.toContain("send_customer_email");
    expect(describeAction("send_customer_email", { subject: "Your invoice is overdue", body: "b" })).toBe(
      "Send customer email “Your invoice is overdue”",
    );
  });
});
