import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { parseOrThrow } from "@/lib/errors";
import { AUDIT_ENTITIES } from "./record-audit";

const instant = (field: string) =>
  z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), { message: `${field} must be a date or time (ISO 8601)` })
    .transform((value) => new Date(value));

const auditFiltersSchema = z.object({
  /** A user's or token's id, or (part of) how the log names the actor: an email, "token ci", "worker". */
  actor: z.string().trim().min(1).max(200).optional(),
  entity: z.enum(AUDIT_ENTITIES, { error: `entity must be one of: ${AUDIT_ENTITIES.join(", ")}` }).optional(),
  /** One record's entries (an automation's id, a run's). */
  entityId: z.string().trim().min(1).max(200).optional(),
  from: instant("from").optional(),
  to: instant("to").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last entry of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
});
export type AuditFilters = z.input<typeof auditFiltersSchema>;

/** Newest first, a page at a time. */
export async function listAudit(db: Db, input: AuditFilters = {}) {
  const filters = parseOrThrow(auditFiltersSchema, input, "invalid filters");
  const rows = await db.auditEntry.findMany({
    where: {
      ...(filters.actor ? { OR: [{ actorId: filters.actor }, { actorLabel: { contains: filters.actor } }] } : {}),
      entity: filters.entity,
      entityId: filters.entityId,
      at: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lte: filters.to } : {}) },
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: filters.limit + 1,
    ...(filters.cursor ? { cursor: { id: filters.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, filters.limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: { kind: row.actorKind, id: row.actorId, label: row.actorLabel },
      origin: row.origin,
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      summary: row.summary,
      before: row.before ?? null,
      after: row.after ?? null,
    })),
    nextCursor: rows.length > filters.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
export type AuditPage = Awaited<ReturnType<typeof listAudit>>;
export type AuditEntryView = AuditPage["entries"][number];
