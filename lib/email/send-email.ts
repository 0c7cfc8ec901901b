// Outgoing mail over SMTP (SMTP_URL). The caller passes a Message-ID derived from the run step:
// a retried step re-sends the same Message-ID, so a receiving system can drop the duplicate.
import { createHash } from "node:crypto";

import nodemailer, { type Transporter } from "nodemailer";

import { getConfig, keepsMailInOutbox, type Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { keepInOutbox } from "./outbox";

export interface SendEmailInput {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** "<…@…>" (brackets added when missing). Derive it from the run step: see messageIdFor. */
  messageId: string;
  headers?: Record<string, string>;
  /** Names what is being sent in errors, e.g. "team email" or "cancellation email". */
  purpose?: string;
}

export interface SendEmailDeps {
  config?: Pick<Config, "smtpUrl" | "emailFrom">;
  /** Tests may hand in any nodemailer transport. */
  transport?: Transporter;
  /** Where SMTP_URL=outbox keeps the message instead of sending it (lib/email/outbox.ts). */
  db?: Db;
}

/** No SMTP server configured: retrying cannot help until someone sets SMTP_URL. */
export class EmailNotConfiguredError extends Error {
  readonly permanent = true;

  constructor(purpose: string) {
    super(`SMTP_URL is not set: cannot send the ${purpose}`);
    this.name = "EmailNotConfiguredError";
  }
}

const transports = new Map<string, Transporter>();

/** One transport per SMTP URL for the life of the process. */
function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Closes the cached transports (tests, graceful shutdown). */
export function closeEmailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

function bracketed(messageId: string): string {
  const trimmed = messageId.trim();
  return trimmed.startsWith("<") ? trimmed : `<${trimmed}>`;
}

/** The domain of the From address ("Billing Automations <x@example.com>" → example.com). */
function fromDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split("@")[1]?.trim();
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : "billing-automations.localhost";
}

/** A stable Message-ID for one logical email, e.g. messageIdFor(`run-step:${step.id}`, config.emailFrom). */
export function messageIdFor(key: string, emailFrom: string): string {
  const digest = createHash("sha256").update(key).digest("hex").slice(0, 32);
  return `<ba.${digest}@${fromDomain(emailFrom)}>`;
}

/** Sends one message and returns its Message-ID (with angle brackets). */
export async function sendEmail(input: SendEmailInput, deps: SendEmailDeps = {}): Promise<string> {
  const config = deps.config ?? getConfig();
  const purpose = input.purpose ?? "email";
  const recipients = (Array.isArray(input.to) ? input.to : [input.to]).map((r) => r.trim()).filter(Boolean);
  if (recipients.length === 0) throw new Error(`${purpose}: no recipient address`);
  if (!input.messageId.trim()) throw new Error(`${purpose}: a Message-ID is required (derive it from the run step)`);

  if (!deps.transport && !config.smtpUrl) throw new EmailNotConfiguredError(purpose);

  const messageId = bracketed(input.messageId);
  const message = {
    from: config.emailFrom,
    to: recipients,
    subject: input.subject,
    text: input.text,
    ...(input.html !== undefined ? { html: input.html } : {}),
    messageId,
    // RFC 3834: tells auto-responders (out-of-office, ticket systems) not to answer a machine.
    headers: { "Auto-Submitted": "auto-generated", ...input.headers },
  };
  if (!deps.transport && keepsMailInOutbox(config.smtpUrl)) {
    if (!deps.db) throw new Error(`${purpose}: SMTP_URL=outbox keeps mail in the database, and none was given`);
    await keepInOutbox(deps.db, message, purpose);
    return messageId;
  }
  const transport = deps.transport ?? transportFor(config.smtpUrl!);
  const info = (await transport.sendMail(message)) as { messageId?: string };
  return info.messageId ?? messageId;
}

export type EmailErrorKind = "transient" | "permanent";

/**
 * SMTP failures for the scheduler: no connection, timeouts and 4xx replies are worth retrying;
 * 5xx replies (unknown mailbox, rejected message), bad configuration and anything else are not.
 */
export function classifyEmailError(err: unknown): { kind: EmailErrorKind; message: string; responseCode?: number } {
  if (typeof err !== "object" || err === null) return { kind: "permanent", message: String(err) };
  const e = err as { message?: unknown; code?: unknown; responseCode?: unknown; permanent?: unknown };
  const message = typeof e.message === "string" ? e.message : "email could not be sent";
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (responseCode !== undefined) {
    return { kind: responseCode >= 400 && responseCode < 500 ? "transient" : "permanent", message, responseCode };
  }
  if (e.permanent === true) return { kind: "permanent", message };
  const code = typeof e.code === "string" ? e.code : "";
  const transientCodes = ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EPROTOCOL"];
  return { kind: transientCodes.includes(code) ? "transient" : "permanent", message };
}
