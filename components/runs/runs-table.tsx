"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { listRuns } from "@/lib/runs/list-runs";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/relative-time";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { ErrorMessage } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { noticeOfMany } from "@/components/ui/toaster";
import { useCan } from "@/components/ui/viewer-role";
import { AmountCell, CustomerLine } from "@/components/ui/customer-and-amount";
import { useRunActions } from "./run-actions";

type RunRow = Awaited<ReturnType<typeof listRuns>>["runs"][number];

const runs = (count: number) => (count === 1 ? "1 run" : `${count} runs`);
const kindOfRuns = (count: number, kind: string) => `${count} ${kind} ${count === 1 ? "run" : "runs"}`;

/**
 * The runs list. An operator can select runs and act on them together: cancel the running ones,
 * or retry the failed ones (each from the step it failed at). Each run is acted on by itself, so
 * the notice says how many were and why any were not.
 */
export function RunsTable({ runs: rows }: { runs: RunRow[] }) {
  const canAct = useCan("operator");
  const actions = useRunActions();
  const router = useRouter();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const chosen = rows.filter((run) => selected.has(run.id));
  const running = chosen.filter((run) => run.status === "running");
  const failed = chosen.filter((run) => run.status === "failed");
  const allSelected = rows.length > 0 && chosen.length === rows.length;

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  function act(action: "cancel" | "retry", targets: RunRow[]) {
    setError(null);
    startTransition(async () => {
      const result = await actions.actOnRuns({ action, runIds: targets.map((run) => run.id) });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const { done, skipped } = result.data;
      noticeOfMany(
        `${runs(done.length)} ${action === "cancel" ? "canceled" : "retried"}.`,
        runs(skipped.length),
        skipped,
      );
      setConfirming(false);
      setSelected(new Set());
      router.refresh();
    });
  }

  return (
    <>
      {canAct && chosen.length > 0 ? (
        <div
          role="region"
          aria-label="Selected runs"
          className="mb-3 flex flex-wrap items-center gap-3 rounded-lg bg-indigo-50 px-4 py-2 text-sm ring-1 ring-indigo-200"
        >
          <span className="font-medium text-indigo-950">{runs(chosen.length)} selected</span>
          <Button
            variant="danger"
            disabled={running.length === 0 || pending}
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
          >
            {running.length === 0 || running.length === chosen.length
              ? "Cancel runs"
              : `Cancel ${kindOfRuns(running.length, "running")}`}
          </Button>
          <Button
            variant="secondary"
            disabled={failed.length === 0}
            pending={pending && !confirming}
            pendingLabel="Retrying…"
            onClick={() => act("retry", failed)}
          >
            {failed.length === 0 || failed.length === chosen.length
              ? "Retry runs"
              : `Retry ${kindOfRuns(failed.length, "failed")}`}
          </Button>
          <Button variant="ghost" onClick={() => setSelected(new Set())} disabled={pending}>
            Clear selection
          </Button>
          {error && !confirming ? <ErrorMessage>{error}</ErrorMessage> : null}
        </div>
      ) : null}
      <ResponsiveTable
        caption="Runs, newest first"
        columns={["Automation", "Object and customer", "Amount", "Status", "Started", "Status reason"]}
        selectHeader={
          canAct ? (
            <input
              type="checkbox"
              aria-label="Select every run on this page"
              checked={allSelected}
              onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((run) => run.id)))}
              className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
            />
          ) : undefined
        }
      >
        {rows.map((run) => (
          <tr key={run.id} className="block py-2 hover:bg-slate-50 sm:table-row sm:py-0">
            {canAct ? (
              <td className={CELL}>
                <input
                  type="checkbox"
                  aria-label={`Select the run of ${run.automationName} for ${run.objectId}`}
                  checked={selected.has(run.id)}
                  onChange={() => toggle(run.id)}
                  className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
                />
              </td>
            ) : null}
            <td className={`${CELL} font-medium text-slate-900`}>{run.automationName}</td>
            <td className={CELL}>
              <span className={MOBILE_LABEL}>{run.objectType === "invoice" ? "Invoice" : "Subscription"}</span>
              <TextLink href={`/runs/${run.id}`} className="font-mono break-all">
                {run.objectId}
              </TextLink>
              <span className="sr-only"> (open the run)</span>
              <CustomerLine email={run.customerEmail} id={run.customerId} />
            </td>
            <AmountCell amount={run.amount} currency={run.currency} />
            <td className={CELL}>
              <span className="inline-flex flex-wrap items-center gap-1.5">
                <StatusBadge status={run.status} />
                {run.dryRun ? <Badge tone="yellow">dry-run</Badge> : null}
              </span>
            </td>
            <td className={`${CELL} text-slate-700 sm:whitespace-nowrap`}>
              <span className={MOBILE_LABEL}>Started</span>
              <RelativeTime value={run.createdAt.toISOString()} />
            </td>
            <td className={`${CELL} max-w-md break-words text-slate-700`}>
              {run.statusReason ? (
                <>
                  <span className={MOBILE_LABEL}>Reason</span>
                  {run.statusReason}
                </>
              ) : (
                <span className="hidden text-slate-400 sm:inline">—</span>
              )}
            </td>
          </tr>
        ))}
      </ResponsiveTable>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Cancel ${runs(running.length)}?`}
        description={
          <p>
            Their steps that have not started will be canceled; a step running right now finishes. A canceled run cannot
            be resumed.
            {running.length < chosen.length
              ? ` The other ${runs(chosen.length - running.length)} selected ${chosen.length - running.length === 1 ? "has" : "have"} ended already and ${chosen.length - running.length === 1 ? "is" : "are"} left as ${chosen.length - running.length === 1 ? "it is" : "they are"}.`
              : ""}
          </p>
        }
      >
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending} autoFocus>
            Keep them running
          </Button>
          <Button variant="danger" onClick={() => act("cancel", running)} pending={pending} pendingLabel="Canceling…">
            Cancel {runs(running.length)}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
