import type { Actor } from "@/lib/auth/actor";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { invalid, issuesOf, parseOrThrow } from "@/lib/errors";
import type { Engine } from "@/lib/engine/engine";
import { runnableContext, unrunnableIssues } from "./check-runnable";
import { listAutomations } from "./list-automations";
import { insertAutomation, writeUpdate } from "./save-automation";
import { automationInputSchema, type AutomationInput } from "./schema";
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
  /**
   * An automation of the file whose trigger and name an existing one has: "replace" (the default)
   * saves the file's definition as that automation's next version; "add" adds it beside.
   */
  existing: z.enum(["replace", "add"], { error: 'existing must be "replace" or "add"' }).default("replace"),
});

/** What an import does with one automation of the file. */
export interface ImportStep {
  /** Its place in the file. */
  index: number;
  name: string;
  trigger: string;
  /** add: a new automation, last on its trigger; replace: a new version of `id`; unchanged: `id` already says this. */
  action: "add" | "replace" | "unchanged";
  id: string | null;
}

export interface ImportPlan {
  existing: "replace" | "add";
  steps: ImportStep[];
  added: number;
  replaced: number;
  unchanged: number;
}

interface Parsed {
  input: AutomationInput;
  order: number;
  index: number;
}

/** The file read and checked: every automation valid and able to run here, or every problem named. */
async function readImportFile(engine: Pick<Engine, "db" | "config" | "gateway" | "now">, body: unknown) {
  const file = parseOrThrow(importSchema, body, "invalid import file");
  const ctx = await runnableContext(engine);
  const issues: { path: string; message: string }[] = [];
  const parsed = file.automations.map((item, index): Parsed | null => {
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
  return { existing: file.existing, ordered };
}

const sameKey = (trigger: string, name: string) => `${trigger}\u0000${name.trim().toLowerCase()}`;

/** Whether the file's automation already says what the stored one does (its status aside). */
function sameDefinition(stored: AutomationRecord, input: AutomationInput): boolean {
  const definition = (automation: Pick<AutomationInput, "conditions" | "steps" | "holdoutPercent" | "shadow">) =>
    JSON.stringify([
      automation.conditions,
      automation.steps,
      automation.holdoutPercent ?? 0,
      automation.shadow ?? false,
    ]);
  return stored.name === input.name && definition(stored) === definition(input);
}

function planOf(existing: "replace" | "add", ordered: Parsed[], stored: AutomationRecord[]) {
  const byKey = new Map(stored.map((automation) => [sameKey(automation.trigger, automation.name), automation]));
  const steps = ordered.map(({ input, index }) => {
    const match = existing === "replace" ? byKey.get(sameKey(input.trigger, input.name)) : undefined;
    // A file naming the same automation twice replaces it once; the second is added.
    if (match) byKey.delete(sameKey(input.trigger, input.name));
    const action: ImportStep["action"] = !match ? "add" : sameDefinition(match, input) ? "unchanged" : "replace";
    return { step: { index, name: input.name, trigger: input.trigger, action, id: match?.id ?? null }, input, match };
  });
  const count = (action: ImportStep["action"]) => steps.filter(({ step }) => step.action === action).length;
  const plan: ImportPlan = {
    existing,
    steps: steps.map(({ step }) => step),
    added: count("add"),
    replaced: count("replace"),
    unchanged: count("unchanged"),
  };
  return { plan, steps };
}

/**
 * What importing the file would do, writing nothing: which automations it adds (last on their
 * trigger, in the file's order) and which existing ones — the same trigger and name, in any case —
 * it replaces with a new version or finds unchanged.
 */
export async function previewImport(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
  body: unknown,
): Promise<ImportPlan> {
  const { existing, ordered } = await readImportFile(engine, body);
  return planOf(existing, ordered, await listAutomations(engine.db)).plan;
}

/**
 * Imports the file as previewImport says, all or nothing: one invalid automation refuses the import
 * and names it (`automations.3.steps.2.action`). A replaced automation keeps its place and status;
 * re-importing the same file changes nothing.
 */
export async function importAutomations(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
  actor: Actor,
  body: unknown,
): Promise<{ automations: AutomationRecord[]; plan: ImportPlan }> {
  const { existing, ordered } = await readImportFile(engine, body);
  return engine.db.$transaction(async (tx) => {
    const { plan, steps } = planOf(existing, ordered, await listAutomations(tx));
    const written: AutomationRecord[] = [];
    for (const { step, input, match } of steps) {
      if (step.action === "add") written.push(await insertAutomation(tx, input, actor, engine.now(), "imported"));
      if (step.action === "replace" && match) {
        written.push(await writeUpdate(tx, match, { ...input, status: match.status }, actor, engine.now(), "imported"));
      }
    }
    return { automations: written, plan };
  });
}
