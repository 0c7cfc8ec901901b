"use client";

import { useOptimistic, useState, useTransition } from "react";
import { toast } from "@/components/ui/toaster";
import { useAutomationActions } from "./automation-actions";
import { RunsInProgressDialog } from "./runs-in-progress-dialog";

type Status = "active" | "paused";

/**
 * The on/off switch of an automation. Turning it on resumes at once; turning it off asks what
 * happens to the runs in progress first.
 */
export function StatusSwitch({ id, name, status }: { id: string; name: string; status: Status }) {
  const actions = useAutomationActions();
  const [shown, setShown] = useOptimistic<Status, Status>(status, (_, next) => next);
  const [pending, startTransition] = useTransition();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const checked = shown === "active";

  function toggle() {
    setError(null);
    if (checked) {
      setAsking(true);
      return;
    }
    startTransition(async () => {
      setShown("active");
      const result = await actions.resume(id);
      if (!result.ok) setError(`Could not turn it on: ${result.error}`);
      else toast.success(`“${name}” is active: events of its trigger check it again.`);
    });
  }

  const errorId = `status-error-${id}`;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <span className="w-12 text-right text-sm text-slate-700" aria-hidden="true">
          {checked ? "Active" : "Paused"}
        </span>
        <button
          type="button"
          role="switch"
          aria-checked={checked}
          aria-label={`Active: ${name}`}
          aria-busy={pending || undefined}
          aria-describedby={error ? errorId : undefined}
          disabled={pending}
          onClick={toggle}
          className={`relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full ring-1 transition-colors ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait ${
            checked ? "bg-indigo-600 ring-indigo-700" : "bg-slate-300 ring-slate-500"
          }`}
        >
          <span
            aria-hidden="true"
            className={`inline-flex size-5 items-center justify-center rounded-full bg-white shadow ring-1 ring-slate-900/10 transition-transform ${
              checked ? "translate-x-5.5" : "translate-x-0.5"
            }`}
          >
            {pending ? (
              <span className="size-3 animate-spin rounded-full border-2 border-slate-400 border-r-transparent" />
            ) : null}
          </span>
        </button>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="max-w-56 text-right text-xs text-red-700">
          {error}
        </p>
      ) : null}
      <RunsInProgressDialog
        open={asking}
        onClose={() => setAsking(false)}
        automationIds={[id]}
        title={`Pause “${name}”?`}
        description="A paused automation is skipped when events arrive: the next active one by priority is checked instead, and Stripe's own settings apply if none matches. You can turn it on again at any time."
        confirmLabel="Pause automation"
        pendingLabel="Pausing…"
        onConfirm={(choice) => actions.pause(id, choice)}
        onDone={(canceledRuns) => {
          setAsking(false);
          toast.success(
            canceledRuns > 0
              ? `“${name}” is paused; ${canceledRuns} ${canceledRuns === 1 ? "run was" : "runs were"} canceled.`
              : `“${name}” is paused.`,
          );
        }}
      />
    </div>
  );
}
