// SMTP_URL=outbox — what `npm run dev` sets — keeps every email in the database instead of sending
// it, and the Outbox page shows them: on a new install the invitations, team and customer emails
// reach someone who can read them before any mail server is set up. The message is composed by the
// same mailer as a real send, so what is kept is exactly what an SMTP server would have received.
import nodemailer from "nodemailer";
import { z } from "zod";

import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { readJson, toJson } from "@/lib/db/json";
import { notFound } from "@/lib/errors";

/** Builds the message as nodemailer would send it, and hands back its bytes instead of sending. */
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

/** The message sendEmail would hand to SMTP. */
export interface OutboxMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  headers: Record<string, string>;
}

/**
 * Keeps one message. A message already kept under its Message-ID (a retried step; a re-sent
 * invitation has a new one) stays as it was: the outbox, like a receiving server that drops
 * duplicates, shows it once.
 */
export async function keepInOutbox(db: Db, message: OutboxMessage, purpose: string) {
  const composed = (await composer.sendMail(message)) as { message: Buffer; envelope: { to: string[] } };
  try {
    await db.outboxEmail.create({
      data: {
        messageId: message.messageId,
        from: message.from,
        to: toJson(composed.envelope.to),
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
        raw: composed.message.toString("utf8"),
        purpose,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export interface OutboxEmailView {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  purpose: string;
  createdAt: string;
}

export interface OutboxEmailDetail extends OutboxEmailView {
  text: string;
  html: string | null;
  raw: string;
}

const recipients = z.array(z.string());

type OutboxRow = Awaited<ReturnType<Db["outboxEmail"]["findFirstOrThrow"]>>;

function toView(row: Omit<OutboxRow, "text" | "html" | "raw">): OutboxEmailView {
  return {
    id: row.id,
    messageId: row.messageId,
    from: row.from,
    to: readJson(recipients, row.to, `outbox email ${row.id} recipients`),
    subject: row.subject,
    purpose: row.purpose,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The newest kept emails first (the outbox of a development install stays small; `limit` caps the page). */
export async function listOutbox(db: Db, { limit = 100 }: { limit?: number } = {}): Promise<OutboxEmailView[]> {
  const rows = await db.outboxEmail.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    omit: { text: true, html: true, raw: true },
  });
  return rows.map(toView);
}

export async function getOutboxEmail(db: Db, id: string): Promise<OutboxEmailDetail> {
  const row = await db.outboxEmail.findUnique({ where: { id } });
  if (!row) throw notFound("outbox email", id);
  return { ...toView(row), text: row.text, html: row.html, raw: row.raw };
}

/** Deletes every kept email, recorded in the audit log; returns how many there were. */
export async function emptyOutbox(db: Db, actor: Actor): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.outboxEmail.deleteMany({});
    if (count > 0) {
      await recordAudit(tx, actor, {
        action: "outbox.emptied",
        entity: "outbox",
        after: { deleted: count },
        summary: `emptied the outbox (${count} ${count === 1 ? "email" : "emails"})`,
      });
    }
    return count;
  });
}
