import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { readJson, toJson } from "@/lib/db/json";
import { actorId, actorLabel, type Actor } from "@/lib/auth/actor";
import { conditionSchema, stepSchema } from "@/lib/automations/schema";
import type { AutomationRecord } from "@/lib/automations/serialize-automation";
import { isUnfindableId, notFound } from "@/lib/errors";
import { TRIGGERS } from "@/lib/triggers";

/** What a version keeps: the automation as a person edits it (no id, priority or timestamps). */
const definitionSchema = z.object({
  name: z.string(),
  trigger: z.enum(TRIGGERS),
  status: z.enum(["active", "paused"]),
  shadow: z.boolean(),
  /** Missing from versions saved before holdouts existed: none. */
  holdoutPercent: z.number().int().default(0),
  conditions: z.array(conditionSchema),
  steps: z.array(stepSchema),
});
export type AutomationDefinition = z.infer<typeof definitionSchema>;

export function definitionOf(automation: AutomationRecord): AutomationDefinition {
  const { name, trigger, status, shadow, holdoutPercent, conditions, steps } = automation;
  return { name, trigger, status, shadow, holdoutPercent, conditions, steps };
}

/**
 * Records the automation as it now stands as its version `automation.version`, in the transaction
 * of the change. The caller has already moved `version` on (or created the row at 1).
 */
export async function recordVersion(
  tx: Tx,
  automation: AutomationRecord,
  change: string,
  actor: Actor,
  now: Date,
): Promise<void> {
  await tx.automationVersion.create({
    data: {
      automationId: automation.id,
      number: automation.version,
      definition: toJson(definitionOf(automation)),
      change,
      authorKind: actor.kind,
      authorId: actorId(actor),
      authorLabel: actorLabel(actor),
      createdAt: now,
    },
  });
}

type VersionRow = Awaited<ReturnType<Db["automationVersion"]["findUniqueOrThrow"]>>;

function toVersionView(row: VersionRow) {
  return {
    number: row.number,
    change: row.change,
    author: { kind: row.authorKind, id: row.authorId, label: row.authorLabel },
    createdAt: row.createdAt.toISOString(),
    definition: readJson(definitionSchema, row.definition, `version ${row.number} of automation ${row.automationId}`),
  };
}
export type AutomationVersionView = ReturnType<typeof toVersionView>;

async function assertAutomation(db: Db, automationId: string): Promise<void> {
  const found = isUnfindableId(automationId)
    ? null
    : await db.automation.findUnique({ where: { id: automationId }, select: { id: true } });
  if (!found) throw notFound("automation", automationId);
}

/** Newest first. */
export async function listVersions(db: Db, automationId: string): Promise<AutomationVersionView[]> {
  await assertAutomation(db, automationId);
  const rows = await db.automationVersion.findMany({ where: { automationId }, orderBy: { number: "desc" } });
  return rows.map(toVersionView);
}

export async function getVersion(
  db: Db,
  automationId: string,
  number: string | number,
): Promise<AutomationVersionView> {
  await assertAutomation(db, automationId);
  const n = typeof number === "number" ? number : /^\d{1,9}$/.test(number) ? Number(number) : NaN;
  const row = Number.isInteger(n)
    ? await db.automationVersion.findUnique({ where: { automationId_number: { automationId, number: n } } })
    : null;
  if (!row) throw notFound(`version of automation ${automationId}`, String(number));
  return toVersionView(row);
}
