"use client";

import { useState, useTransition } from "react";
import { useRunActions } from "./run-actions";
import { Button } from "@/components/ui/button";
import { useFocusAfterUnmount } from "./use-focus-after-unmount";
import { toast } from "@/components/ui/toaster";

/** Retry step: puts a failed step back to pending, due now; the run is running again. */
export function RetryStepButton({ stepId, label }: { stepId: string; label: string }) {
  const actions = useRunActions();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const focusStatusAfterwards = useFocusAfterUnmount("run-status");
  return (
    <div className="flex flex-col items-start gap-2">
      <Button
        variant="secondary"
        pending={pending}
        pendingLabel="Retrying…"
        aria-describedby={error ? `retry-error-${stepId}` : undefined}
        onClick={() => {
          setError(null);
          startTransition(async () => {
            const result = await actions.retryStep(stepId);
            if (result.ok) {
              toast.success(`Step retried: ${label} is due now, and the run is running again.`);
              focusStatusAfterwards();
            } else setError(result.error);
          });
        }}
      >
        Retry step<span className="sr-only">: {label}</span>
      </Button>
      {error ? (
        <p id={`retry-error-${stepId}`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
