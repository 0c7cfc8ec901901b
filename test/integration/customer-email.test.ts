// send_customer_email end to end: saved through the API, started by a delivered event, sent by the
// worker's tick to the SMTP server with the invoice as Stripe returns it right before sending.
import { describe, expect, it } from "vitest";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const HOSTED = "https://invoice.stripe.com/i/acct_test/test_customer_email";
const PDF = "https://pay.stripe.com/invoice/acct_test/test_customer_email/pdf";
const DUE = Date.UTC(2026, 11, 15, 12) / 1000;

const customerEmail = (body: string, subject = "Invoice {{invoice.number}}: {{invoice.amount_due}} due") => ({
  type: "action" as const,
  action: "send_customer_email",
  params: { subject, body },
});

const BODY = [
  "Hi {{ customer.name }},",
  "",
  "Your payment of **{{invoice.amount_due}}** ({{invoice.currency}}) did not go through.",
  "{{invoice.amount_remaining}} is still due on {{invoice.due_date}}.",
  "",
  "- [Pay now]({{invoice.hosted_invoice_url}})",
  "- [Download the PDF]({{invoice.invoice_pdf}})",
  "",
  "Invoice {{invoice.id}}, sent to {{customer.email}}.",
].join("\n");

interface ErrorBody {
  error: { message: string; issues: Array<{ path: string; message: string }> };
}

describe("send_customer_email", () => {
  it("emails the invoice's customer the template with the invoice's values, a hostile name shown as text", async () => {
    await h.automateAtOnce("subscription_payment_failed", [customerEmail(BODY)], "Payment failed");
    const { ids } = await h.paymentFails({ amount: 1250 });
    const name = `<script>alert("x")</script> *[Eve](javascript:alert(1))*`;
    h.stripe.store.update(ids.invoiceId, {
      number: "CAFE-0001",
      customer_email: "eve@example.com",
      customer_name: name,
      amount_remaining: 250,
      due_date: DUE,
      hosted_invoice_url: HOSTED,
      invoice_pdf: PDF,
    });
    await h.tick();

    const mail = await h.smtp.waitFor((m) => m.to.includes("eve@example.com"), { timeoutMs: 5000 });
    expect(mail.to).toEqual(["eve@example.com"]);
    expect(mail.subject).toBe("Invoice CAFE-0001: $12.50 due");
    // The SMTP server's parser drops the body's final line break.
    expect(mail.text).toBe(
      [
        `Hi ${name},`,
        "",
        "Your payment of **$12.50** (USD) did not go through.",
        "$2.50 is still due on 2026-12-15.",
        "",
        `- Pay now (${HOSTED})`,
        `- Download the PDF (${PDF})`,
        "",
        `Invoice ${ids.invoiceId}, sent to eve@example.com.`,
      ].join("\n"),
    );
    const html = mail.html ?? "";
    expect(html).toContain("<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; *[Eve](javascript:alert(1))*,</p>");
    expect(html).not.toMatch(/<script|href="javascript|<em>/);
    expect(html).toContain("Your payment of <strong>$12.50</strong> (USD) did not go through.");
    expect(html).toContain(`<li><a href="${HOSTED}">Pay now</a></li>`);
    expect(html).toContain(`<li><a href="${PDF}">Download the PDF</a></li>`);

    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("succeeded");
    const step = run.steps[0]!;
    expect(step.result).toMatchObject({ emailed: ["eve@example.com"], email: { subject: mail.subject } });
    expect(mail.messageId).toBe((step.result as { messageId: string }).messageId);
  });

  it("without an address on the invoice, writes to the customer's address in Stripe", async () => {
    await h.automateAtOnce("subscription_payment_failed", [customerEmail("Dear {{customer.name}}", "Hello")]);
    const { ids } = await h.paymentFails();
    h.stripe.store.update(ids.invoiceId, { customer_email: null, customer_name: null });
    h.stripe.store.update(ids.customerId, { email: "grace@example.com", name: "Grace" });
    await h.tick();
    const mail = await h.smtp.waitFor((m) => m.to.includes("grace@example.com"), { timeoutMs: 5000 });
    expect(mail.text).toBe("Dear Grace");
    expect((await h.runOf(ids.invoiceId)).status).toBe("succeeded");
  });

  it("with no address anywhere, fails the step for good and sends nothing", async () => {
    await h.automateAtOnce("subscription_payment_failed", [customerEmail("Dear {{customer.name}}", "Hello")]);
    const { ids } = await h.paymentFails();
    h.stripe.store.update(ids.invoiceId, { customer_email: null });
    h.stripe.store.update(ids.customerId, { email: null });
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("failed");
    expect(run.steps[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      error: expect.stringMatching(/has an email address in Stripe/),
    });
    expect(h.smtp.messages).toEqual([]);
  });

  it("refuses an unknown variable at save with a 400 naming the field, storing nothing", async () => {
    const response = await h.api("POST", "/api/automations", {
      name: "Typo",
      trigger: "invoice_overdue",
      conditions: [],
      steps: [customerEmail("Hi {{customer.nmae}}")],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.issues).toContainEqual({
      path: "steps.0.params.body",
      message: expect.stringMatching(/^unknown variable \{\{customer\.nmae\}\}: use one of customer\.name, /),
    });
    const unclosed = await h.api("POST", "/api/automations", {
      name: "Unclosed",
      trigger: "invoice_overdue",
      conditions: [],
      steps: [customerEmail("Hi", "Invoice {{invoice.number")],
    });
    expect(unclosed.status).toBe(400);
    expect(((await unclosed.json()) as ErrorBody).error.issues).toContainEqual({
      path: "steps.0.params.subject",
      message: "unclosed {{ on line 1: end the variable with }}",
    });
    expect(await h.database.db.automation.count()).toBe(0);
  });

  it("is refused on a subscription trigger", async () => {
    const response = await h.api("POST", "/api/automations", {
      name: "Goodbye",
      trigger: "subscription_canceled",
      conditions: [],
      steps: [customerEmail("Bye")],
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.issues.map((issue) => issue.path)).toContain("steps.0.action");
  });

  it("ends the run without mail when the invoice was paid before the step", async () => {
    await h.automateAtOnce("subscription_payment_failed", [customerEmail("You owe {{invoice.amount_due}}")]);
    const { ids } = await h.paymentFails();
    h.stripe.store.update(ids.invoiceId, { status: "paid", amount_remaining: 0 });
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("terminated");
    expect(run.statusReason).toMatch(/paid \(checked before acting\)/);
    expect(run.steps[0]!.status).toBe("skipped");
    expect(h.smtp.messages).toEqual([]);
  });
});
