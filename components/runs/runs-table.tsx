import type { listRuns } from "@/lib/runs/list-runs";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatMoney } from "@/lib/money/money";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { TextLink } from "@/components/ui/text-link";

type RunRow = Awaited<ReturnType<typeof listRuns>>["runs"][number];

export function RunsTable({ runs }: { runs: RunRow[] }) {
  return (
    <ResponsiveTable
      caption="Runs, newest first"
      columns={["Automation", "Object and customer", "Amount", "Status", "Started", "Status reason"]}
    >
      {runs.map((run) => (
        <tr key={run.id} className="block py-2 hover:bg-slate-50 sm:table-row sm:py-0">
          <td className={`${CELL} font-medium text-slate-900`}>{run.automationName}</td>
          <td className={CELL}>
            <span className={MOBILE_LABEL}>{run.objectType === "invoice" ? "Invoice" : "Subscription"}</span>
            <TextLink href={`/runs/${run.id}`} className="font-mono break-all">
              {run.objectId}
            </TextLink>
            <span className="sr-only"> (open the run)</span>
            {run.customerEmail || run.customerId ? (
              <span className="mt-0.5 block text-xs break-all text-slate-600">
                <span className={MOBILE_LABEL}>Customer</span>
                {run.customerEmail}
                {run.customerEmail && run.customerId ? " · " : null}
                {run.customerId ? <span className="font-mono">{run.customerId}</span> : null}
              </span>
            ) : null}
          </td>
          <td className={`${CELL} text-slate-700 tabular-nums sm:text-right sm:whitespace-nowrap`}>
            {run.amount !== null && run.currency ? (
              <>
                <span className={MOBILE_LABEL}>Amount</span>
                {formatMoney(run.amount, run.currency)}
              </>
            ) : (
              <span className="hidden text-slate-400 sm:inline">—</span>
            )}
          </td>
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
  );
}
