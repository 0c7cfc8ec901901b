import type { Db, Tx } from "@/lib/db/client";
import { toJson } from "@/lib/db/json";
import { actorId, actorLabel, type Actor } from "@/lib/auth/actor";

/** The kinds of things a write changes, as the audit log's filter names them. */
export const AUDIT_ENTITIES = [
  "automation",
  "priority",
  "settings",
  "destination",
  "webhook_endpoint",
  "run",
  "step",
  "event",
  "user",
  "token",
  "session",
  "outbox",
] as const;
type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export interface AuditFact {
  /** "<entity>.<past tense>": "automation.updated", "run.canceled", "login.failed". */
  action: string;
  entity: AuditEntity;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  summary: string;
}

/**
 * Appends one entry. Called inside the transaction of the change it records, so a change is never
 * kept without its entry nor an entry without its change. The only write this table ever gets.
 */
export async function recordAudit(tx: Db | Tx, actor: Actor, fact: AuditFact, now = new Date()): Promise<void> {
  await tx.auditEntry.create({
    data: {
      at: now,
      actorKind: actor.kind,
      actorId: actorId(actor),
      actorLabel: actorLabel(actor),
      origin: actor.origin,
      action: fact.action,
      entity: fact.entity,
      entityId: fact.entityId ?? null,
      ...(fact.before === undefined ? {} : { before: toJson(fact.before) }),
      ...(fact.after === undefined ? {} : { after: toJson(fact.after) }),
      summary: fact.summary,
    },
  });
}
