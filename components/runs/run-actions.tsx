"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/admin-action";
import type { BulkRunsResult } from "@/lib/runs/bulk-runs";

/** The server actions a run's page offers, handed in by the page (app/). */
export interface RunServerActions {
  cancelRun(runId: string): Promise<ActionResult<null>>;
  retryStep(stepId: string): Promise<ActionResult<{ runId: string }>>;
  /** The runs list's selection: `{ action: "cancel" | "retry", runIds }`. */
  actOnRuns(input: unknown): Promise<ActionResult<BulkRunsResult>>;
}

const RunActions = createContext<RunServerActions | null>(null);

export function RunActionsProvider({ actions, children }: { actions: RunServerActions; children: ReactNode }) {
  return <RunActions.Provider value={actions}>{children}</RunActions.Provider>;
}

export function useRunActions(): RunServerActions {
  const actions = useContext(RunActions);
  if (!actions) throw new Error("run components need a RunActionsProvider above them (the page's)");
  return actions;
}
