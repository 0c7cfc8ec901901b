// The automations a simulation matches against: the live set, or a set given whole — saved ones
// named by id, drafts written out (new ones, or a saved one as edited and not yet saved) — in the
// priority order given. Drafts are checked with the schema the API saves with, so a draft that
// could not be saved cannot be simulated either, and the 400 names its field.
import { z } from "zod";
import { listAutomations } from "@/lib/automations/list-automations";
import { automationInputSchema } from "@/lib/automations/schema";
import type { Condition, Step } from "@/lib/automations/schema";
import type { Db } from "@/lib/db/client";
import { invalid, type AppErrorIssue } from "@/lib/errors";
import { issuesOf } from "@/lib/errors";
import type { Trigger } from "@/lib/triggers";

/** An automation as a simulation sees it. A draft without an id is known by its name. */
export interface SimulatedAutomation {
  id: string | null;
  name: string;
  trigger: Trigger;
  status: "active" | "paused";
  conditions: Condition[];
  steps: Step[];
}

/** How results and the summary name an automation: its id, or a draft's name. */
export const automationKey = (automation: { id: string | null; name: string }) => automation.id ?? automation.name;

export const MAX_SIMULATED_AUTOMATIONS = 200;

export const automationSetSchema = z
  .array(z.unknown(), { error: "automations must be a list of automations (or { id } of saved ones)" })
  .max(MAX_SIMULATED_AUTOMATIONS, { error: `automations: at most ${MAX_SIMULATED_AUTOMATIONS}` });

const idOnly = z.object({ id: z.string().min(1).max(100) }).strict();

/**
 * The set, in order. Omitted: the live set (what matching uses now). Entries are `{ "id" }` (a saved
 * automation as it is) or an automation (a draft; with an `id`, it stands in for that saved one).
 */
export async function resolveAutomationSet(
  db: Db,
  entries: readonly unknown[] | undefined,
): Promise<SimulatedAutomation[]> {
  const saved = await listAutomations(db);
  if (entries === undefined) return saved.filter((automation) => automation.status === "active" && !automation.shadow);
  const byId = new Map(saved.map((automation) => [automation.id, automation]));
  const issues: AppErrorIssue[] = [];
  const set: SimulatedAutomation[] = [];
  const keys = new Set<string>();
  const add = (automation: SimulatedAutomation, at: string) => {
    const key = automationKey(automation);
    if (keys.has(key)) {
      const what = automation.id ? `automation ${automation.id}` : `a draft named “${automation.name}”`;
      issues.push({ path: at, message: `${what} is in the set twice` });
    }
    keys.add(key);
    set.push(automation);
  };
  entries.forEach((entry, index) => {
    const at = `automations.${index}`;
    const reference = idOnly.safeParse(entry);
    if (reference.success) {
      const found = byId.get(reference.data.id);
      if (!found) issues.push({ path: `${at}.id`, message: `no automation has the id ${reference.data.id}` });
      else add(found, at);
      return;
    }
    const id = typeof entry === "object" && entry !== null && "id" in entry ? (entry as { id: unknown }).id : undefined;
    if (id !== undefined && (typeof id !== "string" || !byId.has(id))) {
      issues.push({ path: `${at}.id`, message: `no automation has the id ${String(id)}` });
      return;
    }
    const draft = automationInputSchema.safeParse(entry);
    if (!draft.success) {
      issues.push(...issuesOf(draft.error).map((issue) => ({ ...issue, path: `${at}.${issue.path}` })));
      return;
    }
    add({ ...draft.data, id: (id as string | undefined) ?? null, status: draft.data.status ?? "active" }, at);
  });
  if (issues.length > 0) {
    throw invalid(
      `invalid automations: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
      issues,
    );
  }
  return set;
}

/**
 * The live set with one change, as the editor and the priority panel ask it: a draft in place of
 * the saved automation it edits (or, new, last on its trigger), or a trigger in a new order.
 */
export async function liveSetWith(
  db: Db,
  change: { draft: unknown; replaces: string | null } | { trigger: Trigger; order: readonly string[] },
): Promise<unknown[]> {
  const live = (await listAutomations(db)).filter((automation) => !automation.shadow);
  if ("order" in change) {
    const others = live.filter((automation) => automation.trigger !== change.trigger).map(({ id }) => ({ id }));
    return [...change.order.map((id) => ({ id })), ...others];
  }
  const draft = typeof change.draft === "object" && change.draft !== null ? change.draft : {};
  const entry = change.replaces ? { ...draft, id: change.replaces } : draft;
  const rest = live.filter((automation) => automation.id !== change.replaces);
  if (!change.replaces) return [...rest.map(({ id }) => ({ id })), entry];
  return live.map((automation) => (automation.id === change.replaces ? entry : { id: automation.id }));
}
