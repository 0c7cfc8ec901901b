import { z } from "zod";
import type { Db, Prisma } from "@/lib/db/client";
import { isUnfindableId, notFound, parseOrThrow } from "@/lib/errors";
import { amountWhere, findFields, findTarget, range } from "@/lib/search/find";

const eventFiltersSchema = z.object({
  type: z.string().min(1).optional(),
  objectId: z.string().min(1).optional(),
  ...findFields,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});
export type EventFilters = z.input<typeof eventFiltersSchema>;

/** The events a search box's text names: each kind of id or an email on its own indexed column. */
function eventsFound(text: string | undefined): Prisma.EventWhereInput {
  if (!text) return {};
  const target = findTarget(text);
  switch (target.kind) {
    case "invoice":
      return { objectId: target.value };
    case "subscription":
      return { OR: [{ subscriptionId: target.value }, { objectId: target.value }] };
    case "customer":
      return { customerId: target.value };
    case "event":
      return { id: target.value };
    case "email":
      return { customerEmail: target.value };
    case "other":
      return { OR: [{ id: target.value }, { objectId: target.value }] };
  }
}

/** Newest first, without payloads (a list of thousands stays light). */
export async function listEvents(db: Db, input: EventFilters = {}) {
  const filters = parseOrThrow(eventFiltersSchema, input, "invalid filters");
  const rows = await db.event.findMany({
    where: {
      type: filters.type,
      objectId: filters.objectId,
      receivedAt: range(filters.from, filters.to),
      ...amountWhere(filters),
      ...eventsFound(filters.q),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: filters.limit + 1,
    ...(filters.cursor ? { cursor: { id: filters.cursor }, skip: 1 } : {}),
    omit: { payload: true },
    include: { evaluations: { select: { trigger: true, matchedAutomationId: true, runId: true } } },
  });
  const page = rows.slice(0, filters.limit);
  return { events: page, nextCursor: rows.length > filters.limit ? (page.at(-1)?.id ?? null) : null };
}

/** One event with its payload, each trigger's match trace, and the runs they started. */
export async function getEvent(db: Db, id: string) {
  if (isUnfindableId(id)) throw notFound("event", id);
  const event = await db.event.findUnique({
    where: { id },
    include: { evaluations: { orderBy: { createdAt: "asc" } }, shadowEvaluations: { orderBy: { createdAt: "asc" } } },
  });
  if (!event) throw notFound("event", id);
  // The runs the winners started, as they stand now (a winner whose run failed is not a success).
  const runIds = event.evaluations.flatMap((evaluation) => (evaluation.runId ? [evaluation.runId] : []));
  const runs = await db.run.findMany({
    where: { id: { in: runIds } },
    select: { id: true, status: true, statusReason: true },
  });
  return { ...event, runs };
}
