"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import { toast } from "@/components/ui/toaster";
import { useCan } from "@/components/ui/viewer-role";
import type { ImportPlan, ImportStep } from "@/lib/automations/transfer-automations";
import { triggerLabel } from "@/lib/triggers";
import { useAutomationActions } from "./automation-actions";

/** Export downloads every automation as a file; Import reads one, shows what it will do, then does it. */
export function TransferButtons() {
  const canEdit = useCan("editor");
  return (
    <div className="flex flex-wrap gap-2">
      <ExportButton />
      {canEdit ? <ImportButton /> : null}
    </div>
  );
}

function ExportButton() {
  const actions = useAutomationActions();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="secondary"
      pending={pending}
      pendingLabel="Exporting…"
      onClick={() =>
        startTransition(async () => {
          const file = await actions.exportFile();
          if (!file.ok) {
            toast.error(`Could not export: ${file.error}`);
            return;
          }
          const blob = new Blob([`${JSON.stringify(file.data, null, 2)}\n`], { type: "application/json" });
          const link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = `automations-${new Date().toISOString().slice(0, 10)}.json`;
          link.click();
          URL.revokeObjectURL(link.href);
        })
      }
    >
      Export
    </Button>
  );
}

const ACTION_WORDS: Record<ImportStep["action"], { label: string; tone: "green" | "indigo" | "gray" }> = {
  add: { label: "Added", tone: "green" },
  replace: { label: "Replaces the existing one", tone: "indigo" },
  unchanged: { label: "Unchanged", tone: "gray" },
};

function planInWords(plan: ImportPlan): string {
  const parts = [
    plan.added ? `${plan.added} added` : null,
    plan.replaced ? `${plan.replaced} replaced` : null,
    plan.unchanged ? `${plan.unchanged} already the same` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "nothing to import";
}

function ImportButton() {
  const actions = useAutomationActions();
  const router = useRouter();
  const fileId = useId();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; body: Record<string, unknown> } | null>(null);
  const [existing, setExisting] = useState<"replace" | "add">("replace");
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [error, setError] = useState<{ message: string; issues: string[] } | null>(null);
  const [pending, startTransition] = useTransition();

  const reset = () => {
    setFile(null);
    setPlan(null);
    setError(null);
    setExisting("replace");
  };

  function preview(body: Record<string, unknown>, choice: "replace" | "add") {
    setError(null);
    setPlan(null);
    startTransition(async () => {
      const result = await actions.importFile({ ...body, existing: choice }, true);
      if (result.ok) setPlan(result.data);
      else
        setError({
          message: result.error,
          issues: (result.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`),
        });
    });
  }

  async function read(chosen: File | undefined) {
    reset();
    if (!chosen) return;
    try {
      const body = JSON.parse(await chosen.text()) as unknown;
      if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an export file");
      setFile({ name: chosen.name, body: body as Record<string, unknown> });
      preview(body as Record<string, unknown>, "replace");
    } catch {
      setError({ message: `${chosen.name} is not an automations file (JSON, as Export writes it)`, issues: [] });
    }
  }

  function confirm() {
    if (!file) return;
    startTransition(async () => {
      const result = await actions.importFile({ ...file.body, existing }, false);
      if (!result.ok) {
        setError({
          message: result.error,
          issues: (result.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`),
        });
        return;
      }
      toast.success(`Imported ${file.name}: ${planInWords(result.data)}.`);
      setOpen(false);
      reset();
      router.refresh();
    });
  }

  const writes = plan ? plan.added + plan.replaced : 0;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Import…
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          reset();
        }}
        title="Import automations"
        description={
          <p>
            A file as Export writes it. Nothing changes until you confirm: first it shows what it will add and what it
            will replace. An automation with the same trigger and name as an existing one replaces it — saved as its
            next version, in its place and with its status — unless you choose to add it beside.
          </p>
        }
      >
        <div className="space-y-4 text-sm">
          <div>
            <label htmlFor={fileId} className="block font-medium text-slate-900">
              File
            </label>
            <input
              id={fileId}
              type="file"
              accept="application/json,.json"
              onChange={(event) => void read(event.target.files?.[0])}
              className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold file:text-slate-900"
            />
          </div>
          {file ? (
            <fieldset>
              <legend className="font-medium text-slate-900">An automation that already exists</legend>
              {(
                [
                  ["replace", "Replace it with the file's"],
                  ["add", "Add the file's beside it"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="mt-1 flex items-center gap-2">
                  <input
                    type="radio"
                    name="existing"
                    value={value}
                    checked={existing === value}
                    onChange={() => {
                      setExisting(value);
                      preview(file.body, value);
                    }}
                    className="size-4 accent-indigo-600"
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          ) : null}
          {error ? (
            <ErrorMessage>
              {error.message}
              {error.issues.length ? (
                <ul className="mt-1 list-disc pl-5">
                  {error.issues.slice(0, 10).map((issue) => (
                    <li key={issue}>{issue}</li>
                  ))}
                </ul>
              ) : null}
            </ErrorMessage>
          ) : null}
          {plan ? (
            <section aria-label="What the import will do">
              <p className="font-medium text-slate-900">{planInWords(plan)}:</p>
              <ul className="mt-2 max-h-64 space-y-1 overflow-auto">
                {plan.steps.map((step) => (
                  <li key={step.index} className="flex flex-wrap items-center justify-between gap-2">
                    <span className="min-w-0 break-words">
                      <span className="font-medium text-slate-900">{step.name}</span>{" "}
                      <span className="text-slate-600">· {triggerLabel(step.trigger)}</span>
                    </span>
                    <Badge tone={ACTION_WORDS[step.action].tone}>{ACTION_WORDS[step.action].label}</Badge>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                setOpen(false);
                reset();
              }}
              disabled={pending}
            >
              Cancel
            </Button>
            <Button onClick={confirm} disabled={!plan || writes === 0} pending={pending} pendingLabel="Working…">
              {plan && writes > 0 ? `Import: ${planInWords({ ...plan, unchanged: 0 })}` : "Import"}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
