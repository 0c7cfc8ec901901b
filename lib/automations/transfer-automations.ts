import type { Actor } from "@/lib/auth/actor";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { invalid, issuesOf, parseOrThrow } from "@/lib/errors";
import type { Engine } from "@/lib/engine/engine";
import { runnableContext, unrunnableIssues } from "./check-runnable";
import { listAutomations } from "./list-automations";
import { insertAutomation } from "./save-automation";
import { automationInputSchema } from "./schema";
import type { AutomationRecord } from "./serialize-automation";

const EXPORT_FORMAT_VERSION = 1;

/** Automations as a file: what a person writes by hand or keeps in version control. No ids. */
export async function exportAutomations(db: Db, now = new Date()) {
  const automations = await listAutomations(db);
  return {
    version: EXPORT_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    automations: automations.map(({ name, trigger, status, priority, holdoutPercent, conditions, steps }) => ({
      name,
      trigger,
      status,
      priority,
      // Kept out when none, so a file written before holdouts existed reads the same.
      ...(holdoutPercent ? { holdoutPercent } : {}),
      conditions,
      steps,
    })),
  };
}

const importSchema = z.object({
  version: z.literal(EXPORT_FORMAT_VERSION, { error: `version must be ${EXPORT_FORMAT_VERSION}` }).optional(),
  automations: z.array(z.unknown(), { error: "automations must be a list" }).max(1000),
});

/**
 * Adds the file's automations after the existing ones of each trigger, keeping the file's order
 * (by its priority field where given). All or nothing: one invalid automation refuses the import
 * and names it (`automations.3.steps.2.action`).
 */
export async function importAutomations(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
  actor: Actor,
  body: unknown,
): Promise<AutomationRecord[]> {
  const file = parseOrThrow(importSchema, body, "invalid import file");
  const ctx = await runnableContext(engine);
  const issues: { path: string; message: string }[] = [];
  const parsed = file.automations.map((item, index) => {
    const result = automationInputSchema.safeParse(item);
    if (!result.success) {
      issues.push(
        ...issuesOf(result.error).map((issue) => ({
          ...issue,
          path: `automations.${index}${issue.path ? `.${issue.path}` : ""}`,
        })),
      );
      return null;
    }
    if (result.data.status !== "paused")
      issues.push(...unrunnableIssues(result.data.steps, ctx, `automations.${index}.`));
    const priority = (item as { priority?: unknown }).priority;
    return { input: result.data, order: typeof priority === "number" ? priority : Number.MAX_SAFE_INTEGER, index };
  });
  if (issues.length) throw invalid(`invalid import: ${issues.length} problem(s)`, issues);
  const ordered = parsed.filter((entry) => entry !== null).sort((a, b) => a.order - b.order || a.index - b.index);
  return engine.db.$transaction(async (tx) => {
    const created: AutomationRecord[] = [];
    for (const entry of ordered) created.push(await insertAutomation(tx, entry.input, actor, engine.now(), "imported"));
    return created;
  });
}
