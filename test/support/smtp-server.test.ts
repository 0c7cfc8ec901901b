import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { parseAddresses, startSmtpServer, type FakeSmtp } from "./smtp-server";

let smtp: FakeSmtp;

beforeEach(async () => {
  smtp = await startSmtpServer();
});

afterEach(async () => {
  await smtp.close();
});

describe("SMTP test server", () => {
  it("receives a message sent with nodemailer and parses its headers and bodies", async () => {
    const transport = nodemailer.createTransport(smtp.url);
    const arrived = smtp.waitFor((m) => m.subject.startsWith("Invoice over"));

    const info = await transport.sendMail({
      from: "Billing Automations <billing@example.com>",
      to: ["ops@example.com", '"Doe, Jane" <jane@example.com>'],
      cc: "finance@example.com",
      bcc: "audit@example.com",
      subject: "Invoice over €500 is overdue — in_123",
      messageId: "<ba.0123456789abcdef@example.com>",
      text: "Invoice in_123 for €750.00 is overdue.\nCustomer: Jörg Müller",
      html: "<p>Invoice <b>in_123</b> for €750.00 is overdue.</p>",
    });
    const mail = await arrived;

    expect(info.accepted).toHaveLength(4);
    expect(mail.subject).toBe("Invoice over €500 is overdue — in_123");
    expect(mail.from).toBe("Billing Automations <billing@example.com>");
    expect(mail.to).toEqual(["ops@example.com", "jane@example.com"]);
    expect(mail.cc).toEqual(["finance@example.com"]);
    expect(mail.envelope).toEqual({
      from: "billing@example.com",
      to: ["ops@example.com", "jane@example.com", "finance@example.com", "audit@example.com"],
    });
    expect(mail.messageId).toBe("<ba.0123456789abcdef@example.com>");
    expect(mail.text).toBe("Invoice in_123 for €750.00 is overdue.\nCustomer: Jörg Müller");
    expect(mail.html).toBe("<p>Invoice <b>in_123</b> for €750.00 is overdue.</p>");
    expect(mail.headers["mime-version"]).toBe("1.0");
    expect(mail.auth).toBeNull();
    expect(smtp.messages).toEqual([mail]);
    transport.close();
  });

  it("accepts any login over plain SMTP and records the user", async () => {
    const url = new URL(smtp.url);
    url.username = "mailer";
    url.password = "anything";
    const transport = nodemailer.createTransport(url.toString());

    await transport.sendMail({ from: "a@example.com", to: "b@example.com", subject: "hi", text: "x" });

    expect(smtp.messages[0]?.auth).toEqual({ username: "mailer" });
    transport.close();
  });

  it("resolves waitFor with a message that arrived before the call", async () => {
    const transport = nodemailer.createTransport(smtp.url);
    await transport.sendMail({ from: "a@example.com", to: "early@example.com", subject: "first", text: "x" });

    await expect(smtp.waitFor((m) => m.to.includes("early@example.com"))).resolves.toMatchObject({ subject: "first" });
    transport.close();
  });

  it("rejects waitFor with a clear error when nothing matches in time", async () => {
    const transport = nodemailer.createTransport(smtp.url);
    await transport.sendMail({ from: "a@example.com", to: "b@example.com", subject: "unrelated", text: "x" });

    await expect(smtp.waitFor((m) => m.subject === "never", { timeoutMs: 50 })).rejects.toThrow(
      'SMTP: no matching message within 50 ms (received 1: "unrelated" to b@example.com)',
    );
    transport.close();
  });

  it("refuses the next message with a temporary error when asked", async () => {
    const transport = nodemailer.createTransport(smtp.url);
    smtp.failNext(1, 451);

    await expect(
      transport.sendMail({ from: "a@example.com", to: "b@example.com", subject: "1", text: "x" }),
    ).rejects.toMatchObject({
      responseCode: 451,
    });
    await transport.sendMail({ from: "a@example.com", to: "b@example.com", subject: "2", text: "x" });

    expect(smtp.messages.map((m) => m.subject)).toEqual(["2"]);
    transport.close();
  });

  it("decodes base64 bodies and long quoted-printable lines", async () => {
    const transport = nodemailer.createTransport(smtp.url);
    const long = `${"word ".repeat(60)}end`;

    await transport.sendMail({
      from: "a@example.com",
      to: "b@example.com",
      subject: "enc",
      text: long,
      textEncoding: "quoted-printable",
    });
    await transport.sendMail({
      from: "a@example.com",
      to: "b@example.com",
      subject: "b64",
      text: "ünïcödé",
      textEncoding: "base64",
    });

    expect(smtp.messages.map((m) => m.text)).toEqual([long, "ünïcödé"]);
    transport.close();
  });
});

describe("parseAddresses", () => {
  it("reads bare addresses, display names and quoted commas", () => {
    expect(parseAddresses('Ops <ops@example.com>, "Doe, J" <j@example.com>, x@example.com')).toEqual([
      "ops@example.com",
      "j@example.com",
      "x@example.com",
    ]);
  });
});
