import { getAutomation, listAutomations } from "@/lib/automations/list-automations";
import type { Db } from "@/lib/db/client";

export interface AutomationName {
  name: string;
  /** Deleted automations keep their history but have no page to link to. */
  deleted: boolean;
}

/**
 * Names of the automations events refer to, deleted ones included (an event's history outlives
 * its automation). One list read, plus one read per deleted automation on the page.
 */
export async function automationNames(db: Db, ids: Iterable<string>): Promise<Map<string, AutomationName>> {
  const names = new Map<string, AutomationName>(
    (await listAutomations(db)).map((automation) => [automation.id, { name: automation.name, deleted: false }]),
  );
  const missing = [...new Set(ids)].filter((id) => !names.has(id));
  await Promise.all(
    missing.map(async (id) => {
      try {
        const automation = await getAutomation(db, id, { includeDeleted: true });
        names.set(id, { name: automation.name, deleted: true });
      } catch {
        names.set(id, { name: "an automation that no longer exists", deleted: true });
      }
    }),
  );
  return names;
}
