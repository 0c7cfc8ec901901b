import type { Db, Tx } from "@/lib/db/client";
import { isUnfindableId, notFound } from "@/lib/errors";
import { TRIGGERS, type Trigger } from "@/lib/triggers";
import { toAutomationRecord, type AutomationRecord } from "./serialize-automation";

const triggerOrder = (trigger: string) => TRIGGERS.indexOf(trigger as Trigger);

/** Every automation that is not deleted, ordered by trigger (the UI's order), then priority. */
export async function listAutomations(db: Db | Tx): Promise<AutomationRecord[]> {
  const rows = await db.automation.findMany({ where: { deletedAt: null }, orderBy: [{ priority: "asc" }] });
  return rows
    .map(toAutomationRecord)
    .sort((a, b) => triggerOrder(a.trigger) - triggerOrder(b.trigger) || (a.priority ?? 0) - (b.priority ?? 0));
}

export async function getAutomation(db: Db | Tx, id: string, options: { includeDeleted?: boolean } = {}) {
  if (isUnfindableId(id)) throw notFound("automation", id);
  const row = await db.automation.findUnique({ where: { id } });
  if (!row || (row.deletedAt && !options.includeDeleted)) throw notFound("automation", id);
  return toAutomationRecord(row);
}

/** A trigger's active automations in priority order, and those of them running in shadow. */
export interface MatchableAutomations {
  live: AutomationRecord[];
  shadow: AutomationRecord[];
}

/**
 * The active automations of a trigger, in the order matching checks them (priority 1 first), and
 * those of them running in shadow (evaluated each on its own, acting on nothing) — one query.
 */
export async function listMatchableAutomations(db: Db | Tx, trigger: Trigger): Promise<MatchableAutomations> {
  const rows = await db.automation.findMany({
    where: { trigger, status: "active", deletedAt: null },
    orderBy: [{ priority: "asc" }, { id: "asc" }],
  });
  const records = rows.map(toAutomationRecord);
  return { live: records.filter((row) => !row.shadow), shadow: records.filter((row) => row.shadow) };
}
