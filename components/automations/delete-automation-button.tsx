"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAutomationActions } from "./automation-actions";
import { Button } from "@/components/ui/button";
import { RunsInProgressDialog } from "./runs-in-progress-dialog";
import { toast } from "@/components/ui/toaster";

/** Deletes an automation after asking about its runs in progress; its history stays. */
export function DeleteAutomationButton({ id, name }: { id: string; name: string }) {
  const actions = useAutomationActions();
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button type="button" variant="danger" onClick={() => setAsking(true)}>
        Delete
      </Button>
      <RunsInProgressDialog
        open={asking}
        onClose={() => setAsking(false)}
        automationIds={[id]}
        title={`Delete “${name}”?`}
        description="It stops matching at once and leaves the list and the priority order. Its runs and match traces stay in the history."
        confirmLabel="Delete automation"
        pendingLabel="Deleting…"
        danger
        onConfirm={(choice) => actions.remove(id, choice)}
        onDone={(canceledRuns) => {
          toast.success(
            canceledRuns > 0
              ? `“${name}” is deleted; ${canceledRuns} ${canceledRuns === 1 ? "run was" : "runs were"} canceled.`
              : `“${name}” is deleted. Its runs and history stay.`,
          );
          router.push("/automations");
        }}
      />
    </>
  );
}
