// Real mail over SMTP to the test server on 127.0.0.1.
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { startSmtpServer, type FakeSmtp } from "@/test/support/smtp-server";
import {
  EmailNotConfiguredError,
  classifyEmailError,
  closeEmailTransports,
  messageIdFor,
  sendEmail,
} from "@/lib/email/send-email";
import { cancellationEmail, teamEmail } from "@/lib/email/templates";

const FROM = "Billing Automations <billing@ops.example.com>";

let smtp: FakeSmtp;
let config: { smtpUrl: string | undefined; emailFrom: string };

beforeEach(async () => {
  smtp = await startSmtpServer();
  config = { smtpUrl: smtp.url, emailFrom: FROM };
});

afterEach(async () => {
  closeEmailTransports();
  vi.restoreAllMocks();
  await smtp.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected sendEmail to fail");
}

describe("sendEmail", () => {
  it("delivers the team email with its recipients, subject, Message-ID and both bodies", async () => {
    const rendered = teamEmail({
      memo: "Invoice over $500 is overdue",
      trigger: "invoice_overdue",
      automationName: "High-value overdue",
      object: {
        kind: "invoice",
        id: "in_123",
        customer: { id: "cus_1", name: "Acme" },
        amount: 75_000,
        currency: "usd",
        livemode: false,
      },
    });
    const messageId = messageIdFor("run-step:step_1", FROM);

    const returned = await sendEmail(
      { to: ["ops@example.com", "finance@example.com"], ...rendered, messageId, purpose: "team email" },
      { config },
    );

    const mail = await smtp.waitFor((m) => m.messageId === messageId);
    expect(returned).toBe(messageId);
    expect(messageId).toMatch(/^<ba\.[0-9a-f]{32}@ops\.example\.com>$/);
    expect(mail.from).toBe(FROM);
    expect(mail.to).toEqual(["ops@example.com", "finance@example.com"]);
    expect(mail.envelope.to).toEqual(["ops@example.com", "finance@example.com"]);
    expect(mail.subject).toBe("[High-value overdue] Invoice in_123 ($750.00): Invoice overdue");
    expect(mail.text).toContain("Invoice over $500 is overdue");
    expect(mail.text).toContain("https://dashboard.stripe.com/test/invoices/in_123");
    expect(mail.html).toContain('<a href="https://dashboard.stripe.com/test/invoices/in_123">');
    expect(mail.headers["auto-submitted"]).toBe("auto-generated");
  });

  it("re-sends the same Message-ID when a step is retried, so the receiver can drop the copy", async () => {
    const messageId = messageIdFor("run-step:step_7", FROM);
    const input = { to: "ops@example.com", subject: "Retry me", text: "body", messageId };

    await sendEmail(input, { config });
    await sendEmail(input, { config });

    const ids = smtp.messages.map((m) => m.messageId);
    expect(ids).toEqual([messageId, messageId]);
    expect(messageIdFor("run-step:step_8", FROM)).not.toBe(messageId);
  });

  it("keeps the escaped HTML intact through SMTP, and sends custom headers", async () => {
    const rendered = cancellationEmail({
      customerName: `Eve <script>alert(1)</script>`,
      subscriptionId: "sub_1",
      surveyUrl: "https://example.com/survey?a=1&b=2",
    });
    await sendEmail(
      {
        to: "eve@example.com",
        ...rendered,
        messageId: "cancel-sub_1@ops.example.com",
        headers: { "X-Billing-Automations-Run": "run_42" },
      },
      { config },
    );

    const mail = await smtp.waitFor((m) => m.to.includes("eve@example.com"));
    expect(mail.messageId).toBe("<cancel-sub_1@ops.example.com>");
    expect(mail.headers["x-billing-automations-run"]).toBe("run_42");
    expect(mail.subject).toBe("Your subscription has been canceled");
    expect(mail.html).toContain("Hi Eve &lt;script&gt;alert(1)&lt;/script&gt;,");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain('href="https://example.com/survey?a=1&amp;b=2"');
    expect(mail.text).toContain("Hi Eve <script>alert(1)</script>,");
  });

  it("creates the SMTP transport once and reuses it", async () => {
    const create = vi.spyOn(nodemailer, "createTransport");
    await sendEmail({ to: "a@example.com", subject: "1", text: "1", messageId: "<1@x>" }, { config });
    await sendEmail({ to: "b@example.com", subject: "2", text: "2", messageId: "<2@x>" }, { config });
    expect(create).toHaveBeenCalledTimes(1);
    expect(smtp.messages).toHaveLength(2);
  });

  it("fails clearly and permanently when SMTP_URL is not set", async () => {
    const err = await rejection(
      sendEmail(
        { to: "ops@example.com", subject: "x", text: "x", messageId: "<x@y>", purpose: "team email" },
        { config: { smtpUrl: undefined, emailFrom: FROM } },
      ),
    );
    expect(err).toBeInstanceOf(EmailNotConfiguredError);
    expect((err as Error).message).toBe("SMTP_URL is not set: cannot send the team email");
    expect(classifyEmailError(err).kind).toBe("permanent");
    expect(smtp.messages).toHaveLength(0);
  });

  it("classifies a temporary SMTP refusal as transient and a 5xx as permanent", async () => {
    smtp.failNext(1, 451, "Try again later");
    const temporary = await rejection(
      sendEmail({ to: "a@example.com", subject: "t", text: "t", messageId: "<t@x>" }, { config }),
    );
    expect(classifyEmailError(temporary)).toMatchObject({ kind: "transient", responseCode: 451 });

    smtp.failNext(1, 554, "Rejected");
    const rejected = await rejection(
      sendEmail({ to: "a@example.com", subject: "r", text: "r", messageId: "<r@x>" }, { config }),
    );
    expect(classifyEmailError(rejected)).toMatchObject({ kind: "permanent", responseCode: 554 });
  });

  it("classifies an unreachable SMTP server as transient", async () => {
    const url = smtp.url;
    await smtp.close();
    const err = await rejection(
      sendEmail(
        { to: "a@example.com", subject: "u", text: "u", messageId: "<u@x>" },
        { config: { smtpUrl: url, emailFrom: FROM } },
      ),
    );
    expect(classifyEmailError(err).kind).toBe("transient");
    smtp = await startSmtpServer(); // afterEach closes this one
  });

  it("refuses a message without recipients or Message-ID", async () => {
    await expect(sendEmail({ to: [], subject: "x", text: "x", messageId: "<x@y>" }, { config })).rejects.toThrow(
      /no recipient/,
    );
    await expect(
      sendEmail({ to: "a@example.com", subject: "x", text: "x", messageId: " " }, { config }),
    ).rejects.toThrow(/Message-ID is required/);
  });
});
