"use client";

import { useEffect, useId, useState, useTransition, type ReactNode } from "react";
import { useAutomationActions } from "./automation-actions";
import { Button, Spinner } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import type { ActionResult } from "@/lib/auth/admin-action";
import type { InProgressChoice } from "@/lib/automations/change-automation-status";

/**
 * Pausing and deleting ask the same question: the runs in progress of the automation (or of the
 * automations selected together, counted when the dialog opens) either finish their remaining
 * steps or are all canceled now.
 */
export function RunsInProgressDialog({
  open,
  onClose,
  automationIds,
  title,
  description,
  confirmLabel,
  pendingLabel,
  danger = false,
  onConfirm,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  automationIds: readonly string[];
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  onConfirm: (choice: InProgressChoice) => Promise<ActionResult<number>>;
  onDone: (canceledRuns: number) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <ChoiceBody
        automationIds={automationIds}
        confirmLabel={confirmLabel}
        pendingLabel={pendingLabel}
        danger={danger}
        onClose={onClose}
        onConfirm={onConfirm}
        onDone={onDone}
      />
    </Dialog>
  );
}

type Count = { state: "loading" } | { state: "known"; runs: number } | { state: "unknown"; error: string };

function ChoiceBody({
  automationIds,
  confirmLabel,
  pendingLabel,
  danger,
  onClose,
  onConfirm,
  onDone,
}: {
  automationIds: readonly string[];
  confirmLabel: string;
  pendingLabel: string;
  danger: boolean;
  onClose: () => void;
  onConfirm: (choice: InProgressChoice) => Promise<ActionResult<number>>;
  onDone: (canceledRuns: number) => void;
}) {
  const actions = useAutomationActions();
  const [count, setCount] = useState<Count>({ state: "loading" });
  const [choice, setChoice] = useState<InProgressChoice>("finish");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const name = useId();

  // The ids as one value: a new array of the same automations asks the same question.
  const ids = automationIds.join(",");
  // Counted fresh each time the dialog opens (this body mounts with it).
  useEffect(() => {
    let current = true;
    void Promise.all(ids.split(",").map((id) => actions.countRunsInProgress(id))).then((results) => {
      if (!current) return;
      const failed = results.find((result) => !result.ok);
      setCount(
        failed && !failed.ok
          ? { state: "unknown", error: failed.error }
          : { state: "known", runs: results.reduce((sum, result) => sum + (result.ok ? result.data : 0), 0) },
      );
    });
    return () => {
      current = false;
    };
  }, [ids, actions]);

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await onConfirm(count.state === "known" && count.runs === 0 ? "finish" : choice);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      onDone(result.data);
    });
  }

  const runs = count.state === "known" ? count.runs : null;
  const many = automationIds.length > 1;
  const ask = count.state === "unknown" || (runs !== null && runs > 0);

  return (
    <div className="space-y-4">
      <div className="min-h-12 text-sm text-slate-700" aria-live="polite">
        {count.state === "loading" ? (
          <p className="flex items-center gap-2 text-slate-600">
            <Spinner /> Counting runs in progress…
          </p>
        ) : null}
        {count.state === "unknown" ? (
          <p>The runs in progress could not be counted ({count.error}). Choose what should happen to any there are.</p>
        ) : null}
        {runs === 0 ? <p>{many ? "They have" : "It has"} no runs in progress.</p> : null}
        {ask ? (
          <fieldset>
            <legend className="font-medium text-slate-900">
              {runs !== null
                ? `${many ? "They have" : "It has"} ${runs} ${runs === 1 ? "run" : "runs"} in progress. What should happen to ${runs === 1 ? "it" : "them"}?`
                : `What should happen to ${many ? "their" : "its"} runs in progress?`}
            </legend>
            <div className="mt-2 space-y-2">
              <Choice
                name={name}
                value="finish"
                checked={choice === "finish"}
                onChange={setChoice}
                label="Let them finish"
                hint="Their remaining steps run as scheduled."
              />
              <Choice
                name={name}
                value="cancel"
                checked={choice === "cancel"}
                onChange={setChoice}
                label="Cancel them now"
                hint="Their remaining steps never run. Their history stays."
              />
            </div>
          </fieldset>
        ) : null}
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button
          type="button"
          variant={danger ? "danger" : "primary"}
          onClick={confirm}
          pending={pending}
          pendingLabel={pendingLabel}
          disabled={count.state === "loading"}
        >
          {confirmLabel}
        </Button>
      </div>
    </div>
  );
}

function Choice({
  name,
  value,
  checked,
  onChange,
  label,
  hint,
}: {
  name: string;
  value: InProgressChoice;
  checked: boolean;
  onChange: (value: InProgressChoice) => void;
  label: string;
  hint: string;
}) {
  const id = `${name}-${value}`;
  return (
    <div className="flex gap-3">
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={() => onChange(value)}
        aria-describedby={`${id}-hint`}
        className="mt-0.5 size-4 shrink-0 accent-indigo-600"
      />
      <div>
        <label htmlFor={id} className="font-medium text-slate-900">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-slate-600">
          {hint}
        </p>
      </div>
    </div>
  );
}
