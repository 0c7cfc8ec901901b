import type { ReactNode } from "react";
import { AutomationActionsProvider } from "@/components/automations/automation-actions";
import {
  countRunsInProgressAction,
  deleteAutomationAction,
  duplicateAutomationAction,
  exportAutomationsAction,
  importAutomationsAction,
  pauseAutomationAction,
  reorderAutomationsAction,
  resumeAutomationAction,
  runForAction,
  saveAutomationAction,
  setAutomationsStatusAction,
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
        setStatus: setAutomationsStatusAction,
        duplicate: duplicateAutomationAction,
        exportFile: exportAutomationsAction,
        importFile: importAutomationsAction,
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
