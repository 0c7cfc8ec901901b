"use client";

import { useState, useTransition } from "react";
import { useRunActions } from "./run-actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import { useFocusAfterUnmount } from "./use-focus-after-unmount";
import { toast } from "@/components/ui/toaster";

/** Cancel run, behind a confirmation: the steps that have not started are canceled for good. */
export function CancelRunButton({ runId, pendingSteps }: { runId: string; pendingSteps: number }) {
  const actions = useRunActions();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const focusStatusAfterwards = useFocusAfterUnmount("run-status");

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await actions.cancelRun(runId);
      if (result.ok) {
        toast.success(
          pendingSteps === 1
            ? "Run canceled: its step that had not started will not run."
            : `Run canceled: its ${pendingSteps} steps that had not started will not run.`,
        );
        focusStatusAfterwards();
        setOpen(false);
      } else {
        // Reopened if it was closed meanwhile (Escape), so the reason is seen.
        setError(result.error);
        setOpen(true);
      }
    });
  }

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Cancel run
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Cancel this run?"
        description={
          <p>
            {pendingSteps === 1
              ? "Its 1 step that has not started will be canceled."
              : `Its ${pendingSteps} steps that have not started will be canceled.`}{" "}
            A step that is running right now finishes. A canceled run cannot be resumed.
          </p>
        }
      >
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending} autoFocus>
            Keep it running
          </Button>
          <Button variant="danger" onClick={confirm} pending={pending} pendingLabel="Canceling…">
            Cancel run
          </Button>
        </div>
      </Dialog>
    </>
  );
}
