import type { Db, Tx } from "@/lib/db/client";

export interface AutomationActivity {
  /** Runs still waiting for steps (status "running"). */
  runsInProgress: number;
  /** When the automation's newest run started (ISO, UTC); null if it never ran. */
  lastRunAt: string | null;
}

const NO_ACTIVITY: AutomationActivity = { runsInProgress: 0, lastRunAt: null };

/**
 * What the automations list shows beside each automation, in two grouped queries however many
 * automations there are (both are served by the Run(automationId, status) index). Automations that
 * never ran are absent from the result: read it through `activityOf`.
 */
export async function getAutomationActivity(
  db: Db | Tx,
  automationIds: readonly string[],
): Promise<Record<string, AutomationActivity>> {
  if (automationIds.length === 0) return {};
  const ids = [...automationIds];
  const [running, latest] = await Promise.all([
    db.run.groupBy({
      by: ["automationId"],
      where: { automationId: { in: ids }, status: "running" },
      _count: { _all: true },
    }),
    db.run.groupBy({
      by: ["automationId"],
      where: { automationId: { in: ids } },
      _max: { createdAt: true },
    }),
  ]);
  const activity: Record<string, AutomationActivity> = {};
  for (const row of latest) {
    activity[row.automationId] = { runsInProgress: 0, lastRunAt: row._max.createdAt?.toISOString() ?? null };
  }
  for (const row of running) {
    const entry = (activity[row.automationId] ??= { ...NO_ACTIVITY });
    entry.runsInProgress = row._count._all;
  }
  return activity;
}

export function activityOf(activity: Record<string, AutomationActivity>, automationId: string): AutomationActivity {
  return activity[automationId] ?? NO_ACTIVITY;
}
