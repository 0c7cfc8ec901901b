"use server";

// Server actions of the automations pages. Each one goes through runAdminAction (session check,
// AppError → { ok: false, error, issues }) and the domain functions the JSON API uses, so the
// pages and the API validate the same way.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import {
  countRunsInProgress,
  deleteAutomation,
  pauseAutomation,
  resumeAutomation,
} from "@/lib/automations/change-automation-status";
import { listAutomations } from "@/lib/automations/list-automations";
import { reorderAutomations } from "@/lib/automations/reorder-automations";
import { createAutomation, updateAutomation } from "@/lib/automations/save-automation";
import type { Trigger } from "@/lib/triggers";
import type { Db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { SavedAutomation } from "@/components/automations/automation-actions";
import type { PriorityItem } from "@/components/automations/priority-types";

function requireId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0) throw invalid("the automation id is missing");
  return id;
}

function refreshPages() {
  revalidatePath("/automations", "layout");
}

async function priorityOrder(db: Db, trigger: Trigger): Promise<PriorityItem[]> {
  return (await listAutomations(db))
    .filter((automation) => automation.trigger === trigger)
    .map(({ id, name, status }) => ({ id, name, status }));
}

/** Creates (id null) or changes an automation; the domain re-validates with automationInputSchema. */
export async function saveAutomationAction(id: string | null, input: unknown): Promise<ActionResult<SavedAutomation>> {
  return runAdminAction("save automation", async (engine) => {
    const saved =
      id === null ? await createAutomation(engine, input) : await updateAutomation(engine, requireId(id), input);
    refreshPages();
    return { id: saved.id, trigger: saved.trigger, order: await priorityOrder(engine.db, saved.trigger) };
  });
}

export async function countRunsInProgressAction(id: string): Promise<ActionResult<number>> {
  return runAdminAction("count runs in progress", (engine) => countRunsInProgress(engine.db, requireId(id)));
}

export async function pauseAutomationAction(id: string, inProgress: unknown): Promise<ActionResult<number>> {
  return runAdminAction("pause automation", async (engine) => {
    const { canceledRuns } = await pauseAutomation(engine.db, requireId(id), inProgress, engine.now());
    refreshPages();
    return canceledRuns;
  });
}

export async function resumeAutomationAction(id: string): Promise<ActionResult<null>> {
  return runAdminAction("resume automation", async (engine) => {
    await resumeAutomation(engine, requireId(id));
    refreshPages();
    return null;
  });
}

/** Deletes (history stays) and goes to the list: the edit page it came from no longer exists. */
export async function deleteAutomationAction(id: string, inProgress: unknown): Promise<ActionResult<number>> {
  const result = await runAdminAction("delete automation", async (engine) => {
    const { canceledRuns } = await deleteAutomation(engine.db, requireId(id), inProgress, engine.now());
    refreshPages();
    return canceledRuns;
  });
  if (result.ok) redirect("/automations");
  return result;
}

/** Writes a trigger's whole order in one transaction (a stale or partial list is refused). */
export async function reorderAutomationsAction(trigger: string, ids: string[]): Promise<ActionResult<null>> {
  return runAdminAction("reorder automations", async (engine) => {
    await reorderAutomations(engine.db, { trigger, ids });
    refreshPages();
    return null;
  });
}
