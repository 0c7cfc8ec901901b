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
import { createAutomation, duplicateAutomation, updateAutomation } from "@/lib/automations/save-automation";
import {
  exportAutomations,
  importAutomations,
  previewImport,
  type ImportPlan,
} from "@/lib/automations/transfer-automations";
import { setAutomationsStatus, type BulkStatusResult } from "@/lib/automations/bulk-status";
import { liveSetWith } from "@/lib/simulations/automation-set";
import { runBacktest, type Backtest } from "@/lib/simulations/backtest";
import { runFor, type RunFor } from "@/lib/simulations/run-for";
import { simulateTimeline, type Timeline } from "@/lib/simulations/timeline";
import { isTrigger, type Trigger } from "@/lib/triggers";
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
  return runAdminAction("save automation", "editor", async (engine, actor) => {
    const saved =
      id === null
        ? await createAutomation(engine, actor, input)
        : await updateAutomation(engine, actor, requireId(id), input);
    refreshPages();
    return { id: saved.id, trigger: saved.trigger, order: await priorityOrder(engine.db, saved.trigger) };
  });
}

export async function countRunsInProgressAction(id: string): Promise<ActionResult<number>> {
  return runAdminAction("count runs in progress", "viewer", (engine) => countRunsInProgress(engine.db, requireId(id)));
}

export async function pauseAutomationAction(id: string, inProgress: unknown): Promise<ActionResult<number>> {
  return runAdminAction("pause automation", "operator", async (engine, actor) => {
    const { canceledRuns } = await pauseAutomation(engine.db, actor, requireId(id), inProgress, engine.now());
    refreshPages();
    return canceledRuns;
  });
}

/** The list's selection: pause (its runs finishing or canceled, as asked) or resume several at once. */
export async function setAutomationsStatusAction(
  ids: unknown,
  status: "paused" | "active",
  inProgress?: unknown,
): Promise<ActionResult<BulkStatusResult>> {
  return runAdminAction("pause or resume automations", "operator", async (engine, actor) => {
    const result = await setAutomationsStatus(engine, actor, {
      ids,
      status: status === "paused" ? "paused" : "active",
      inProgress,
    });
    refreshPages();
    return result;
  });
}

/** Export: the file the API's export gives, for the browser to download. */
export async function exportAutomationsAction(): Promise<ActionResult<unknown>> {
  return runAdminAction("export automations", "viewer", (engine) => exportAutomations(engine.db, engine.now()));
}

/** Import, first as a preview that writes nothing, then for real (all or nothing). */
export async function importAutomationsAction(file: unknown, preview: boolean): Promise<ActionResult<ImportPlan>> {
  return runAdminAction(preview ? "preview import" : "import automations", "editor", async (engine, actor) => {
    if (preview) return previewImport(engine, file);
    const { plan } = await importAutomations(engine, actor, file);
    refreshPages();
    return plan;
  });
}

/** Duplicate: a paused copy, last on its trigger; the page then opens it. */
export async function duplicateAutomationAction(id: string): Promise<ActionResult<{ id: string; name: string }>> {
  return runAdminAction("duplicate automation", "editor", async (engine, actor) => {
    const copy = await duplicateAutomation(engine, actor, requireId(id));
    refreshPages();
    return { id: copy.id, name: copy.name };
  });
}

export async function resumeAutomationAction(id: string): Promise<ActionResult<null>> {
  return runAdminAction("resume automation", "operator", async (engine, actor) => {
    await resumeAutomation(engine, actor, requireId(id));
    refreshPages();
    return null;
  });
}

/** Deletes (history stays) and goes to the list: the edit page it came from no longer exists. */
export async function deleteAutomationAction(id: string, inProgress: unknown): Promise<ActionResult<number>> {
  const result = await runAdminAction("delete automation", "editor", async (engine, actor) => {
    const { canceledRuns } = await deleteAutomation(engine.db, actor, requireId(id), inProgress, engine.now());
    refreshPages();
    return canceledRuns;
  });
  if (result.ok) redirect("/automations");
  return result;
}

/** Writes a trigger's whole order in one transaction (a stale or partial list is refused). */
export async function reorderAutomationsAction(trigger: string, ids: string[]): Promise<ActionResult<null>> {
  return runAdminAction("reorder automations", "editor", async (engine, actor) => {
    await reorderAutomations(engine.db, actor, { trigger, ids });
    refreshPages();
    return null;
  });
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** The editor's Simulate: the draft in the live set (in its place, or last) over the last 30 days, its trigger only. */
export async function simulateDraftAction(
  automationId: string | null,
  draft: unknown,
): Promise<ActionResult<Backtest>> {
  return runAdminAction("simulate draft", "viewer", async (engine) => {
    const trigger = asRecord(draft).trigger;
    return runBacktest(engine, {
      automations: await liveSetWith(engine.db, { draft, replaces: automationId }),
      ...(typeof trigger === "string" ? { trigger } : {}),
    });
  });
}

/** The priority panel's Simulate: the trigger in the new order, before it is saved. */
export async function simulateOrderAction(trigger: string, ids: string[]): Promise<ActionResult<Backtest>> {
  return runAdminAction("simulate order", "viewer", async (engine) => {
    if (!isTrigger(trigger)) throw invalid(`trigger: ${trigger} is not a trigger`);
    return runBacktest(engine, { automations: await liveSetWith(engine.db, { trigger, order: ids }), trigger });
  });
}

/** The editor's test clock: one invoice's path through the draft (or a saved automation). */
export async function timelineAction(input: unknown): Promise<ActionResult<Timeline>> {
  return runAdminAction("simulate timeline", "viewer", (engine) => simulateTimeline(engine, input));
}

/** "Run for…": preview the path, or start the run now (recorded as by hand). */
export async function runForAction(id: string, input: unknown): Promise<ActionResult<RunFor>> {
  return runAdminAction("run for", "operator", async (engine, actor) => {
    const answer = await runFor(engine, actor, requireId(id), input);
    if (!answer.preview) revalidatePath("/runs", "layout");
    return answer;
  });
}
