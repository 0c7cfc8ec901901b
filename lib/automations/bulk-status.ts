// Pausing or resuming several automations at once (the automations list's selection): each goes
// through the same function as one does, in its own transaction, so one that cannot change (its
// steps cannot run with this server's configuration, say) is reported with why and the rest still go.
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Engine } from "@/lib/engine/engine";
import { AppError, parseOrThrow } from "@/lib/errors";
import { pauseAutomation, resumeAutomation } from "./change-automation-status";
import { getAutomation } from "./list-automations";

const idsSchema = z
  .array(z.string().trim().min(1).max(100), { error: "ids must be a list of automation ids" })
  .min(1, { error: "ids must name at least one automation" })
  .max(500, { error: "ids may name at most 500 automations" });

export interface BulkStatusResult {
  /** The automations whose status changed. */
  changed: string[];
  /** Runs in progress canceled by a pause that asked for it. */
  canceledRuns: number;
  /** Those left as they were, with why (already paused, cannot run…). */
  skipped: Array<{ id: string; name: string | null; reason: string }>;
}

export async function setAutomationsStatus(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
  actor: Actor,
  input: { ids: unknown; status: "paused" | "active"; inProgress?: unknown },
): Promise<BulkStatusResult> {
  const ids = parseOrThrow(idsSchema, input.ids, "invalid selection");
  const result: BulkStatusResult = { changed: [], canceledRuns: 0, skipped: [] };
  for (const id of new Set(ids)) {
    let name: string | null = null;
    try {
      const automation = await getAutomation(engine.db, id);
      name = automation.name;
      if (automation.status === input.status) {
        result.skipped.push({ id, name, reason: `“${name}” is already ${input.status}` });
        continue;
      }
      if (input.status === "paused") {
        const paused = await pauseAutomation(engine.db, actor, id, input.inProgress, engine.now());
        result.canceledRuns += paused.canceledRuns;
      } else {
        await resumeAutomation(engine, actor, id);
      }
      result.changed.push(id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A bad choice of what happens to the runs is the request's fault, not one automation's.
      if (error.issues?.some((issue) => issue.path === "inProgress")) throw error;
      result.skipped.push({ id, name, reason: name ? `“${name}”: ${error.message}` : error.message });
    }
  }
  return result;
}
