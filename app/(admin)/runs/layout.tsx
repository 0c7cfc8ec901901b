import type { ReactNode } from "react";
import { RunActionsProvider } from "@/components/runs/run-actions";
import { actOnRunsAction, cancelRunAction, retryStepAction } from "./actions";

// Every runs page hands its components the server actions they call.
export default function RunsLayout({ children }: { children: ReactNode }) {
  return (
    <RunActionsProvider
      actions={{ cancelRun: cancelRunAction, retryStep: retryStepAction, actOnRuns: actOnRunsAction }}
    >
      {children}
    </RunActionsProvider>
  );
}
