"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { TimelineView } from "@/components/simulations/timeline-view";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import type { Timeline } from "@/lib/simulations/timeline";
import { useAutomationActions } from "./automation-actions";
import { inputClasses } from "./form-controls";

/**
 * "Run for…": this automation for one invoice (or subscription), on a person's request — the path
 * previewed first (nothing started), then the run started now, recorded as started by hand.
 */
export function RunForButton({
  id,
  name,
  objectType,
}: {
  id: string;
  name: string;
  objectType: "invoice" | "subscription";
}) {
  const actions = useAutomationActions();
  const router = useRouter();
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [objectId, setObjectId] = useState("");
  const [preview, setPreview] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const ask = (previewOnly: boolean) => {
    setError(null);
    startTransition(async () => {
      const result = await actions.runFor(id, { objectId: objectId.trim(), ...(previewOnly ? { preview: true } : {}) });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      if (result.data.preview) setPreview(result.data.timeline);
      else router.push(`/runs/${encodeURIComponent(result.data.run.id)}`);
    });
  };

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Run for…
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setPreview(null);
          setError(null);
        }}
        title={`Run “${name}” for one ${objectType}`}
        description={
          <p>
            Starts now, as if its trigger had fired, and is recorded as started by hand.
            {objectType === "invoice" ? " Preview the path first: nothing is started or sent." : ""}
          </p>
        }
      >
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-900">
          {objectType === "invoice" ? "Invoice id" : "Subscription id"}
        </label>
        <input
          id={inputId}
          value={objectId}
          onChange={(event) => {
            setObjectId(event.target.value);
            setPreview(null);
          }}
          placeholder={objectType === "invoice" ? "in_…" : "sub_…"}
          autoComplete="off"
          spellCheck={false}
          className={inputClasses(false, "font-mono")}
        />
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        {preview ? <TimelineView timeline={preview} /> : null}
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          {objectType === "invoice" ? (
            <Button
              variant="secondary"
              onClick={() => ask(true)}
              pending={pending && !preview}
              disabled={objectId.trim() === ""}
            >
              Preview
            </Button>
          ) : null}
          <Button
            onClick={() => ask(false)}
            pending={pending && (preview !== null || objectType !== "invoice")}
            pendingLabel="Starting…"
            disabled={objectId.trim() === "" || (objectType === "invoice" && preview === null)}
          >
            Start run
          </Button>
        </div>
      </Dialog>
    </>
  );
}
