import { describe, expect, it } from "vitest";

import {
  cancellationEmail,
  escapeHtml,
  teamEmail,
  type EmailObjectSummary,
  type TeamEmailInput,
} from "@/lib/email/templates";
import { stripeDashboardUrl } from "@/lib/stripe/dashboard-url";

function invoiceSummary(overrides: Partial<EmailObjectSummary> = {}): EmailObjectSummary {
  return {
    kind: "invoice",
    id: "in_1Q2w3E",
    number: "ACME-0042",
    customer: { id: "cus_123", name: "Acme Corp", email: "billing@acme.test" },
    amount: 123456,
    currency: "usd",
    dueDate: Date.UTC(2026, 10, 30, 12) / 1000,
    status: "open",
    hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/test_abc",
    livemode: false,
    ...overrides,
  };
}

function teamInput(overrides: Partial<TeamEmailInput> = {}): TeamEmailInput {
  return {
    memo: "Invoice over $500 is overdue",
    trigger: "invoice_overdue",
    automationName: "High-value overdue",
    object: invoiceSummary(),
    ...overrides,
  };
}

describe("teamEmail", () => {
  it("names the automation, the invoice, its amount and the trigger in the subject", () => {
    expect(teamEmail(teamInput()).subject).toBe("[High-value overdue] Invoice ACME-0042 ($1,234.56): Invoice overdue");
  });

  it("carries the memo and the invoice's facts in both bodies, with test-mode dashboard links", () => {
    const { text, html } = teamEmail(teamInput());
    for (const body of [text, html]) {
      expect(body).toContain("Invoice over $500 is overdue");
      expect(body).toContain("in_1Q2w3E");
      expect(body).toContain("$1,234.56");
      expect(body).toContain("2026-11-30 (UTC)");
      expect(body).toContain("https://invoice.stripe.com/i/acct_1/test_abc");
      expect(body).toContain("https://dashboard.stripe.com/test/invoices/in_1Q2w3E");
      expect(body).toContain("cus_123");
    }
    expect(html).toContain('<a href="https://dashboard.stripe.com/test/invoices/in_1Q2w3E">');
  });

  it("formats zero-decimal currencies without dividing by 100", () => {
    const { subject } = teamEmail(teamInput({ object: invoiceSummary({ amount: 5000, currency: "jpy" }) }));
    expect(subject).toContain("¥5,000");
  });

  it("links live-mode objects to the live dashboard and subscriptions to their page", () => {
    expect(stripeDashboardUrl({ objectType: "invoice", objectId: "in_1", livemode: true })).toBe(
      "https://dashboard.stripe.com/invoices/in_1",
    );
    const { text, subject } = teamEmail(
      teamInput({
        trigger: "subscription_canceled",
        object: { kind: "subscription", id: "sub_9", customer: "cus_9", livemode: true },
      }),
    );
    expect(subject).toBe("[High-value overdue] Subscription sub_9: Subscription canceled");
    expect(text).toContain("https://dashboard.stripe.com/subscriptions/sub_9");
    expect(text).not.toContain("Hosted invoice");
  });

  it("escapes memo, names and ids in the HTML, and never links a non-http URL", () => {
    const { html, text, subject } = teamEmail(
      teamInput({
        memo: `<script>alert("memo")</script> & co`,
        automationName: `<b>Ops</b>\r\nBcc: victim@example.com`,
        object: invoiceSummary({
          customer: { id: "cus_1", name: `<img src=x onerror="alert(1)">`, email: null },
          hostedInvoiceUrl: "javascript:alert(1)",
        }),
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>Ops</b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;memo&quot;)&lt;/script&gt; &amp; co");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).not.toContain("javascript:");
    expect(text).not.toContain("javascript:");
    // The subject is one header line: no injected headers.
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe("cancellationEmail", () => {
  it("greets the customer and links the survey when there is one", () => {
    const { subject, text, html } = cancellationEmail({
      customerName: "Ada",
      subscriptionId: "sub_123",
      surveyUrl: "https://example.com/survey?s=sub_123&src=email",
    });
    expect(subject).toBe("Your subscription has been canceled");
    expect(text).toContain("Hi Ada,");
    expect(text).toContain("sub_123");
    expect(text).toContain("https://example.com/survey?s=sub_123&src=email");
    expect(html).toContain('<a href="https://example.com/survey?s=sub_123&amp;src=email">');
  });

  it("leaves the survey out when there is none, and greets without a name", () => {
    const { text, html } = cancellationEmail({ customerName: null, subscriptionId: "sub_1" });
    expect(text.startsWith("Hello,")).toBe(true);
    expect(text).not.toContain("survey");
    expect(html).not.toContain("<a ");
  });

  it("escapes the customer's name and refuses script URLs as the survey link", () => {
    const { html } = cancellationEmail({
      customerName: `Eve <script>steal()</script>`,
      subscriptionId: "sub_1",
      surveyUrl: "javascript:steal()",
    });
    expect(html).toContain("Hi Eve &lt;script&gt;steal()&lt;/script&gt;,");
    expect(html).not.toContain("javascript:");
  });
});

describe("escapeHtml", () => {
  it("escapes the five significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
