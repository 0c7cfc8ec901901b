import type { ReactNode } from "react";
import { AutomationActionsProvider } from "@/components/automations/automation-actions";
import {
  countRunsInProgressAction,
  deleteAutomationAction,
  pauseAutomationAction,
  reorderAutomationsAction,
  resumeAutomationAction,
  runForAction,
  saveAutomationAction,
  simulateDraftAction,
  simulateOrderAction,
  timelineAction,
} from "./actions";

// Every automations page hands its components the server actions they call.
export default function AutomationsLayout({ children }: { children: ReactNode }) {
  return (
    <AutomationActionsProvider
      actions={{
        save: saveAutomationAction,
        countRunsInProgress: countRunsInProgressAction,
        pause: pauseAutomationAction,
        resume: resumeAutomationAction,
        remove: deleteAutomationAction,
        reorder: reorderAutomationsAction,
        simulateDraft: simulateDraftAction,
        simulateOrder: simulateOrderAction,
        timeline: timelineAction,
        runFor: runForAction,
      }}
    >
      {children}
    </AutomationActionsProvider>
  );
}
