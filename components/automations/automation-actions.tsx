"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/admin-action";
import type { BulkStatusResult } from "@/lib/automations/bulk-status";
import type { ImportPlan } from "@/lib/automations/transfer-automations";
import type { Backtest } from "@/lib/simulations/backtest";
import type { RunFor } from "@/lib/simulations/run-for";
import type { Timeline } from "@/lib/simulations/timeline";
import type { Trigger } from "@/lib/triggers";
import type { PriorityItem } from "./priority-types";

/** What a save answers: the automation, and its trigger's whole order (the priority panel shows it). */
export interface SavedAutomation {
  id: string;
  trigger: Trigger;
  order: PriorityItem[];
}

/**
 * The server actions the automation components call, handed in by the page (app/), so components
 * never import from app/ themselves.
 */
export interface AutomationServerActions {
  save(id: string | null, input: unknown): Promise<ActionResult<SavedAutomation>>;
  countRunsInProgress(id: string): Promise<ActionResult<number>>;
  pause(id: string, inProgress: unknown): Promise<ActionResult<number>>;
  resume(id: string): Promise<ActionResult<null>>;
  /** Pause or resume the list's selection together. */
  setStatus(ids: string[], status: "paused" | "active", inProgress?: unknown): Promise<ActionResult<BulkStatusResult>>;
  /** A paused copy, placed last on its trigger. */
  duplicate(id: string): Promise<ActionResult<{ id: string; name: string }>>;
  /** The automations as the export file. */
  exportFile(): Promise<ActionResult<unknown>>;
  /** What importing a file would do (preview), or doing it. */
  importFile(file: unknown, preview: boolean): Promise<ActionResult<ImportPlan>>;
  remove(id: string, inProgress: unknown): Promise<ActionResult<number>>;
  reorder(trigger: string, ids: string[]): Promise<ActionResult<null>>;
  /** Backtests, changing nothing: the draft in the live set; a trigger in a new order. */
  simulateDraft(automationId: string | null, draft: unknown): Promise<ActionResult<Backtest>>;
  simulateOrder(trigger: string, ids: string[]): Promise<ActionResult<Backtest>>;
  /** The test clock: one invoice's path, changing nothing. */
  timeline(input: unknown): Promise<ActionResult<Timeline>>;
  /** Preview the path for one object, or start the run now. */
  runFor(id: string, input: unknown): Promise<ActionResult<RunFor>>;
}

const AutomationActions = createContext<AutomationServerActions | null>(null);

export function AutomationActionsProvider({
  actions,
  children,
}: {
  actions: AutomationServerActions;
  children: ReactNode;
}) {
  return <AutomationActions.Provider value={actions}>{children}</AutomationActions.Provider>;
}

export function useAutomationActions(): AutomationServerActions {
  const actions = useContext(AutomationActions);
  if (!actions) throw new Error("automation components need an AutomationActionsProvider above them (the page's)");
  return actions;
}
