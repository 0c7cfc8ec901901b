"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/page";
import { noticeOfMany } from "@/components/ui/toaster";
import { useCan } from "@/components/ui/viewer-role";
import type { BulkStatusResult } from "@/lib/automations/bulk-status";
import { useAutomationActions } from "./automation-actions";
import { RunsInProgressDialog } from "./runs-in-progress-dialog";

interface Selected {
  id: string;
  name: string;
  status: "active" | "paused";
}

interface Selection {
  selected: ReadonlyMap<string, Selected>;
  toggle(automation: Selected): void;
  clear(): void;
}

const SelectionContext = createContext<Selection | null>(null);

const automations = (count: number) => (count === 1 ? "1 automation" : `${count} automations`);

/**
 * The automations list's selection: a checkbox on each row, and a bar that pauses (asking about
 * their runs in progress, counted across them) or resumes the selected automations together.
 */
export function AutomationSelection({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlyMap<string, Selected>>(new Map());
  const selection: Selection = {
    selected,
    toggle: (automation) =>
      setSelected((current) => {
        const next = new Map(current);
        if (next.has(automation.id)) next.delete(automation.id);
        else next.set(automation.id, automation);
        return next;
      }),
    clear: () => setSelected(new Map()),
  };
  return (
    <SelectionContext.Provider value={selection}>
      <SelectionBar />
      {children}
    </SelectionContext.Provider>
  );
}

function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("automation checkboxes need an AutomationSelection above them");
  return selection;
}

/** A row's checkbox (operators and up: the people who may pause). */
export function SelectAutomation(automation: Selected) {
  const { selected, toggle } = useSelection();
  if (!useCan("operator")) return null;
  return (
    <input
      type="checkbox"
      aria-label={`Select ${automation.name}`}
      checked={selected.has(automation.id)}
      onChange={() => toggle(automation)}
      className="mt-1 size-4 shrink-0 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
    />
  );
}

function said(result: BulkStatusResult, verb: "paused" | "resumed") {
  const runs = result.canceledRuns
    ? `; ${result.canceledRuns} ${result.canceledRuns === 1 ? "run was" : "runs were"} canceled`
    : "";
  noticeOfMany(
    `${automations(result.changed.length)} ${verb}${runs}.`,
    automations(result.skipped.length),
    result.skipped,
  );
}

function SelectionBar() {
  const { selected, clear } = useSelection();
  const actions = useAutomationActions();
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const chosen = [...selected.values()];
  const active = chosen.filter((automation) => automation.status === "active");
  const paused = chosen.filter((automation) => automation.status === "paused");
  if (chosen.length === 0) return null;

  const done = (result: BulkStatusResult, verb: "paused" | "resumed") => {
    said(result, verb);
    clear();
    router.refresh();
  };

  return (
    <div
      role="region"
      aria-label="Selected automations"
      className="sticky top-2 z-10 mb-6 flex flex-wrap items-center gap-3 rounded-lg bg-indigo-50 px-4 py-2 text-sm shadow-sm ring-1 ring-indigo-200"
    >
      <span className="font-medium text-indigo-950">{automations(chosen.length)} selected</span>
      <Button variant="secondary" disabled={active.length === 0 || pending} onClick={() => setAsking(true)}>
        {active.length === 0 || active.length === chosen.length ? "Pause" : `Pause ${active.length} active`}
      </Button>
      <Button
        variant="secondary"
        disabled={paused.length === 0}
        pending={pending}
        pendingLabel="Resuming…"
        onClick={() => {
          setError(null);
          startTransition(async () => {
            const result = await actions.setStatus(
              paused.map((automation) => automation.id),
              "active",
            );
            if (result.ok) done(result.data, "resumed");
            else setError(result.error);
          });
        }}
      >
        {paused.length === 0 || paused.length === chosen.length ? "Resume" : `Resume ${paused.length} paused`}
      </Button>
      <Button variant="ghost" onClick={clear} disabled={pending}>
        Clear selection
      </Button>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <RunsInProgressDialog
        open={asking}
        onClose={() => setAsking(false)}
        automationIds={active.map((automation) => automation.id)}
        title={`Pause ${automations(active.length)}?`}
        description="Paused automations are skipped when events arrive: the next active one by priority is checked instead, and Stripe's own settings apply if none matches."
        confirmLabel={`Pause ${automations(active.length)}`}
        pendingLabel="Pausing…"
        onConfirm={async (choice) => {
          const result = await actions.setStatus(
            active.map((automation) => automation.id),
            "paused",
            choice,
          );
          if (!result.ok) return result;
          setAsking(false);
          done(result.data, "paused");
          return { ok: true, data: result.data.canceledRuns };
        }}
        onDone={() => setAsking(false)}
      />
    </div>
  );
}
