import { z } from "zod";
import type { Db, Prisma } from "@/lib/db/client";
import { isUnfindableId, notFound, parseOrThrow } from "@/lib/errors";
import { findFields, findTarget, amountWhere, range } from "@/lib/search/find";

export const RUN_STATUSES = ["running", "succeeded", "failed", "canceled", "terminated"] as const;

const runFiltersSchema = z.object({
  automationId: z.string().min(1).optional(),
  status: z.enum(RUN_STATUSES, { error: `status must be one of: ${RUN_STATUSES.join(", ")}` }).optional(),
  ...findFields,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last run of the previous page. */
  cursor: z.string().min(1).optional(),
});
export type RunFilters = z.input<typeof runFiltersSchema>;

/** The runs a search box's text names: each kind of id or an email on its own indexed column. */
function runsFound(text: string | undefined): Prisma.RunWhereInput {
  if (!text) return {};
  const target = findTarget(text);
  switch (target.kind) {
    case "invoice":
      return { invoiceId: target.value };
    case "subscription":
      return { subscriptionId: target.value };
    case "customer":
      return { customerId: target.value };
    case "event":
      return { eventId: target.value };
    case "email":
      return { customerEmail: target.value };
    case "other":
      return { id: target.value };
  }
}

/** Newest first, a page at a time (the list stays on the createdAt index as it grows). */
export async function listRuns(db: Db, input: RunFilters = {}) {
  const filters = parseOrThrow(runFiltersSchema, input, "invalid filters");
  const rows = await db.run.findMany({
    where: {
      automationId: filters.automationId,
      status: filters.status,
      createdAt: range(filters.from, filters.to),
      ...amountWhere(filters),
      ...runsFound(filters.q),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filters.limit + 1,
    ...(filters.cursor ? { cursor: { id: filters.cursor }, skip: 1 } : {}),
    include: { automation: { select: { name: true } } },
  });
  const page = rows.slice(0, filters.limit);
  return {
    runs: page.map(({ automation, ...run }) => ({ ...run, automationName: automation.name })),
    nextCursor: rows.length > filters.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function getRun(db: Db, id: string) {
  if (isUnfindableId(id)) throw notFound("run", id);
  const run = await db.run.findUnique({
    where: { id },
    include: {
      automation: { select: { name: true, deletedAt: true } },
      steps: { orderBy: [{ dueAt: "asc" }, { position: "asc" }, { key: "asc" }] },
    },
  });
  if (!run) throw notFound("run", id);
  const outcome = await db.outcome.findUnique({
    where: { runId: id },
    select: {
      status: true,
      resolvedAt: true,
      amountPaid: true,
      paidCurrency: true,
      recoveredAmount: true,
      recoveredCurrency: true,
      secondsToRecover: true,
    },
  });
  const { automation, ...rest } = run;
  return { ...rest, automationName: automation.name, automationDeleted: automation.deletedAt !== null, outcome };
}
