import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import type { Db, Tx } from "@/lib/db/client";
import { invalid, parseOrThrow } from "@/lib/errors";
import { z } from "zod";
import { TRIGGERS, type Trigger } from "@/lib/triggers";
import { listAutomations } from "./list-automations";
import type { AutomationRecord } from "./serialize-automation";

const reorderSchema = z.object({
  trigger: z.enum(TRIGGERS, { error: `trigger must be one of: ${TRIGGERS.join(", ")}` }),
  ids: z.array(z.string().min(1), { error: "ids must be the list of the trigger's automation ids, first first" }),
});

export async function nextPriority(tx: Tx, trigger: string): Promise<number> {
  const last = await tx.automation.aggregate({ where: { trigger, deletedAt: null }, _max: { priority: true } });
  return (last._max.priority ?? 0) + 1;
}

/**
 * Writes a trigger's priorities as 1..n in the given order. Priorities are unique per trigger, so
 * they first move out of the way (negative) and then into place, inside the caller's transaction.
 */
async function writeOrder(tx: Tx, ids: string[]): Promise<void> {
  for (const [index, id] of ids.entries()) {
    await tx.automation.update({ where: { id }, data: { priority: -(index + 1) } });
  }
  for (const [index, id] of ids.entries()) {
    await tx.automation.update({ where: { id }, data: { priority: index + 1 } });
  }
}

/** Closes the gaps a deleted or moved automation leaves, keeping the order. */
export async function compactPriorities(tx: Tx, trigger: string): Promise<void> {
  const rows = await tx.automation.findMany({
    where: { trigger, deletedAt: null },
    orderBy: { priority: "asc" },
    select: { id: true },
  });
  await writeOrder(
    tx,
    rows.map((row) => row.id),
  );
}

/**
 * PUT /api/automations/priority: the whole order of one trigger, at once. The ids must be exactly
 * that trigger's automations (paused ones included) — a partial or stale list is refused.
 */
export async function reorderAutomations(db: Db, actor: Actor, body: unknown): Promise<AutomationRecord[]> {
  const { trigger, ids } = parseOrThrow(reorderSchema, body, "invalid priority order");
  return db.$transaction(async (tx) => {
    const current = await tx.automation.findMany({
      where: { trigger, deletedAt: null },
      orderBy: { priority: "asc" },
      select: { id: true, name: true },
    });
    const expected = new Set(current.map((row) => row.id));
    const given = new Set(ids);
    const missing = [...expected].filter((id) => !given.has(id));
    const unknown = ids.filter((id) => !expected.has(id));
    if (missing.length || unknown.length || given.size !== ids.length) {
      throw invalid(`ids must list each automation of ${trigger} exactly once`, [
        {
          path: "ids",
          message: [
            missing.length ? `missing: ${missing.join(", ")}` : "",
            unknown.length ? `not automations of ${trigger}: ${unknown.join(", ")}` : "",
            given.size !== ids.length ? "an id is listed twice" : "",
          ]
            .filter(Boolean)
            .join("; "),
        },
      ]);
    }
    await writeOrder(tx, ids);
    const names = new Map(current.map((row) => [row.id, row.name]));
    await recordAudit(tx, actor, {
      action: "priority.reordered",
      entity: "priority",
      entityId: trigger,
      before: current.map((row) => row.id),
      after: ids,
      summary: `New order for ${trigger}: ${ids.map((id) => names.get(id)).join(" → ")}`,
    });
    return (await listAutomations(tx)).filter((automation) => automation.trigger === (trigger as Trigger));
  });
}
