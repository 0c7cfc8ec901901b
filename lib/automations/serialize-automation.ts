import { z } from "zod";
import { conditionSchema, stepSchema, type Condition, type Step } from "./schema";
import type { Trigger } from "@/lib/triggers";

export interface AutomationRecord {
  id: string;
  name: string;
  trigger: Trigger;
  status: "active" | "paused";
  /** Runs in shadow: evaluated beside the live order, acting on nothing. */
  shadow: boolean;
  /** 0–50: the share of its matches held out, starting no run, to measure it by. */
  holdoutPercent: number;
  priority: number | null;
  /** Its latest version's number (lib/versions). */
  version: number;
  conditions: Condition[];
  steps: Step[];
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface AutomationRow {
  id: string;
  name: string;
  trigger: string;
  status: string;
  shadow: boolean;
  holdoutPercent: number;
  priority: number | null;
  version: number;
  conditions: unknown;
  steps: unknown;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// Stored JSON was validated when written; parsing again on the way out catches a hand-edited row
// here, with its id, instead of deep inside a run.
const storedConditions = z.array(conditionSchema);
const storedSteps = z.array(stepSchema);

export function toAutomationRecord(row: AutomationRow): AutomationRecord {
  const conditions = storedConditions.safeParse(row.conditions);
  const steps = storedSteps.safeParse(row.steps);
  if (!conditions.success || !steps.success) {
    throw new Error(`automation ${row.id} has stored conditions or steps that no longer validate`);
  }
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger as Trigger,
    status: row.status === "paused" ? "paused" : "active",
    shadow: row.shadow,
    holdoutPercent: row.holdoutPercent,
    priority: row.priority,
    version: row.version,
    conditions: conditions.data,
    steps: steps.data,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
