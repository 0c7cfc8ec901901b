import { describe, expect, it } from "vitest";
import {
  TEMPLATE_VARIABLES,
  escapeMarkdown,
  invoiceTemplateValues,
  isPlainHttpUrl,
  parseTemplate,
  renderCustomerEmail,
  sampleValues,
  templateProblems,
  type TemplateValues,
} from ".";

const values: TemplateValues = {
  "customer.name": "Ada Lovelace",
  "customer.email": "ada@example.com",
  "invoice.number": "F00D-0042",
  "invoice.amount_due": "$12.50",
  "invoice.hosted_invoice_url": "https://invoice.stripe.com/i/acct_1/test_2",
};

describe("templateProblems", () => {
  it("accepts every known variable, with or without spaces inside the braces", () => {
    const source = TEMPLATE_VARIABLES.map((variable, i) =>
      i % 2 ? `{{${variable.name}}}` : `{{  ${variable.name} }}`,
    ).join(" ");
    expect(templateProblems(source)).toEqual([]);
    expect(templateProblems("No variables at all, and a lone } or { brace.")).toEqual([]);
  });

  it("names an unknown variable, and the ones there are", () => {
    const [problem, ...rest] = templateProblems("Hi {{customer.nmae}}, again {{ customer.nmae }}");
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^unknown variable \{\{customer\.nmae\}\}: use one of customer\.name, customer\.email, /);
    expect(problem).toMatch(/invoice\.id$/);
  });

  it("finds each unclosed {{, with its line", () => {
    expect(templateProblems("Hello\n{{customer.name\nthere")).toEqual([
      "unclosed {{ on line 2: end the variable with }}",
    ]);
    expect(templateProblems("{{ {{customer.name}}")).toEqual(["unclosed {{ on line 1: end the variable with }}"]);
    expect(templateProblems("end {{")).toEqual(["unclosed {{ on line 1: end the variable with }}"]);
  });

  it("reports both kinds together, in order", () => {
    expect(templateProblems("{{nope}} and {{oops")).toEqual([
      expect.stringMatching(/^unknown variable \{\{nope\}\}/),
      "unclosed {{ on line 1: end the variable with }}",
    ]);
  });

  it("splits the source into text and variables", () => {
    expect(parseTemplate("Hi {{customer.name}}!").pieces).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "variable", name: "customer.name" },
      { kind: "text", text: "!" },
    ]);
  });
});

describe("renderCustomerEmail", () => {
  const template = {
    subject: "Invoice {{invoice.number}} for {{ customer.name }}",
    body: "Hi **{{customer.name}}**,\n\nYou owe {{invoice.amount_due}}. [Pay it here]({{invoice.hosted_invoice_url}}).\n",
  };

  it("fills subject, text and HTML", () => {
    const email = renderCustomerEmail(template, values);
    expect(email.subject).toBe("Invoice F00D-0042 for Ada Lovelace");
    expect(email.text).toBe(
      "Hi **Ada Lovelace**,\n\nYou owe $12.50. Pay it here (https://invoice.stripe.com/i/acct_1/test_2).\n",
    );
    expect(email.html).toMatch(/^<!doctype html>\n<html><body style="[^"]+">/);
    expect(email.html).toContain("<p>Hi <strong>Ada Lovelace</strong>,</p>");
    expect(email.html).toContain(
      'You owe $12.50. <a href="https://invoice.stripe.com/i/acct_1/test_2">Pay it here</a>.',
    );
  });

  it("shows a hostile name as typed: no Markdown, no HTML, no link", () => {
    const name = "*[x](javascript:alert(1))* <script>alert(1)</script> & {{invoice.id}}\n# heading";
    const email = renderCustomerEmail(template, { ...values, "customer.name": name });
    expect(email.html).not.toContain("<script");
    expect(email.html).not.toContain('<a href="javascript');
    expect(email.html).not.toContain("<em>");
    expect(email.html).not.toContain("<h1>");
    expect(email.html).toContain(
      "<strong>*[x](javascript:alert(1))* &lt;script&gt;alert(1)&lt;/script&gt; &amp; {{invoice.id}} # heading</strong>",
    );
    // The text part is plain text: the name as typed, on one line.
    expect(email.text).toMatch(
      /^Hi \*\*\*\[x\]\(javascript:alert\(1\)\)\* <script>alert\(1\)<\/script> & \{\{invoice\.id\}\} # heading\*\*,\n/,
    );
    // The subject is one line: nothing a header could be split on.
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain("{{invoice.id}} # heading");
  });

  it("keeps raw HTML in the template as text", () => {
    const email = renderCustomerEmail({ subject: "s", body: '<img src=x onerror="alert(1)"> <b>bold</b>' }, values);
    expect(email.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &lt;b&gt;bold&lt;/b&gt;");
  });

  it("links only http(s) and mailto", () => {
    const email = renderCustomerEmail(
      {
        subject: "s",
        body: "[a](javascript:alert(1)) [b](data:text/html,x) [c](/relative) [d](mailto:billing@example.com) https://example.com/x",
      },
      values,
    );
    expect(email.html).not.toMatch(/href="(javascript|data|\/relative)/);
    expect(email.html).toContain('<a href="mailto:billing@example.com">d</a>');
    expect(email.html).toContain('<a href="https://example.com/x">https://example.com/x</a>');
  });

  it("puts a URL value in as text when it is not a plain http(s) URL", () => {
    for (const url of [
      "javascript:alert(1)",
      "https://x.example/a b",
      "https://x.example/(a)",
      'https://x.example/"',
    ]) {
      const email = renderCustomerEmail(
        { subject: "s", body: "[Pay]({{invoice.hosted_invoice_url}})" },
        { "invoice.hosted_invoice_url": url },
      );
      expect(email.html, url).not.toContain("<a ");
    }
  });

  it("percent-encodes a text value inside a link's URL, and leaves out a link whose URL is empty", () => {
    const email = renderCustomerEmail(
      {
        subject: "s",
        body: "[Pay](https://example.com/pay?invoice={{invoice.number}}&n={{customer.name}}) [PDF]({{invoice.invoice_pdf}})",
      },
      { "invoice.number": "A-1", "customer.name": "Ada (x) <b>" },
    );
    const url = "https://example.com/pay?invoice=A-1&n=Ada%20%28x%29%20%3Cb%3E";
    expect(email.html).toContain(`<a href="${url.replace(/&/g, "&amp;")}">Pay</a> PDF</p>`);
    expect(email.text).toBe(`Pay (${url}) PDF\n`);
  });

  it("does not linkify an address or domain that comes from a value", () => {
    const email = renderCustomerEmail(
      { subject: "s", body: "{{customer.email}} {{customer.name}}" },
      { "customer.email": "eve@evil.example", "customer.name": "www.evil.example" },
    );
    expect(email.html).not.toContain("<a ");
    expect(email.html).toContain("eve@evil.example www.evil.example");
  });

  it("leaves a missing value empty and an unknown variable as typed", () => {
    const email = renderCustomerEmail({ subject: "Due {{invoice.due_date}}", body: "{{nope}} {{invoice.number}}" }, {});
    expect(email.subject).toBe("Due");
    expect(email.text).toBe("{{nope}}\n");
  });

  it("keeps the template's line breaks in the HTML, as the text part has them", () => {
    const email = renderCustomerEmail({ subject: "s", body: "Thanks,\nThe team" }, values);
    expect(email.html).toContain("<p>Thanks,<br>\nThe team</p>");
  });

  it("renders the editor's samples", () => {
    const email = renderCustomerEmail(
      { subject: "{{invoice.amount_due}} due {{invoice.due_date}}", body: "[PDF]({{invoice.invoice_pdf}})" },
      sampleValues(),
    );
    expect(email.subject).toBe("$12.50 due 2026-12-15");
    expect(email.html).toContain('<a href="https://pay.stripe.com/invoice/acct_sample/test_sample/pdf">PDF</a>');
  });
});

describe("values", () => {
  it("formats money in the invoice's currency, the currency in capitals and the due date in UTC", () => {
    expect(
      invoiceTemplateValues(
        {
          id: "in_1",
          number: "A-1",
          amountDue: 1250,
          amountRemaining: 500,
          currency: "usd",
          dueDate: Date.UTC(2026, 11, 15, 23, 30) / 1000,
          hostedInvoiceUrl: "https://invoice.stripe.com/i/x",
          invoicePdf: null,
        },
        { name: "Ada", email: "ada@example.com" },
      ),
    ).toEqual({
      "customer.name": "Ada",
      "customer.email": "ada@example.com",
      "invoice.number": "A-1",
      "invoice.amount_due": "$12.50",
      "invoice.amount_remaining": "$5.00",
      "invoice.currency": "USD",
      "invoice.due_date": "2026-12-15",
      "invoice.hosted_invoice_url": "https://invoice.stripe.com/i/x",
      "invoice.invoice_pdf": "",
      "invoice.id": "in_1",
    });
    expect(invoiceTemplateValues({ id: "in_2", amountDue: 1000, currency: "jpy" }, {})).toMatchObject({
      "invoice.amount_due": "¥1,000",
      "invoice.due_date": "",
      "customer.name": "",
    });
  });

  it("escapes every ASCII punctuation character and folds line breaks", () => {
    expect(escapeMarkdown(" a*b_c\n\n# d ")).toBe("a\\*b\\_c \\# d");
    expect(isPlainHttpUrl("https://invoice.stripe.com/i/acct_1/test_2?s=ap")).toBe(true);
    expect(isPlainHttpUrl("ftp://example.com")).toBe(false);
    expect(isPlainHttpUrl("https://example.com/<x>")).toBe(false);
  });

  it("every variable has a description and a sample", () => {
    for (const variable of TEMPLATE_VARIABLES) {
      expect(variable.description, variable.name).not.toBe("");
      expect(variable.sample, variable.name).not.toBe("");
    }
  });
});
