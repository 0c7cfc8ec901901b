import type { Actor } from "@/lib/auth/actor";
import type { AutomationRecord } from "@/lib/automations/serialize-automation";
import { updateAutomation } from "@/lib/automations/save-automation";
import type { Engine } from "@/lib/engine/engine";
import { getVersion } from "./automation-versions";

/**
 * Puts an earlier version's name, trigger, conditions, steps and shadow flag back, as a new version
 * (history only grows). The status stays as it is now: restoring a version written while paused
 * must not pause a live automation, nor one written while active resume a paused one; pause and
 * resume say what happens to runs in progress, a restore cannot.
 */
export async function restoreVersion(
  engine: Pick<Engine, "db" | "config" | "gateway" | "now">,
  actor: Actor,
  automationId: string,
  number: string | number,
): Promise<AutomationRecord> {
  const version = await getVersion(engine.db, automationId, number);
  const { name, trigger, shadow, holdoutPercent, conditions, steps } = version.definition;
  return updateAutomation(
    engine,
    actor,
    automationId,
    { name, trigger, shadow, holdoutPercent, conditions, steps },
    `restored version ${version.number}`,
  );
}
