import type { listRuns } from "@/lib/runs/list-runs";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { TextLink } from "@/components/ui/text-link";

type RunRow = Awaited<ReturnType<typeof listRuns>>["runs"][number];

// A table from sm up; on a phone each row stacks into a card whose cells carry their own labels.
const CELL = "block px-4 py-1 sm:table-cell sm:py-3 sm:align-top";
const MOBILE_LABEL = "mr-1 text-xs font-medium text-slate-500 sm:hidden";

export function RunsTable({ runs }: { runs: RunRow[] }) {
  return (
    <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="block w-full text-left text-sm sm:table">
        <caption className="sr-only">Runs, newest first</caption>
        <thead className="hidden bg-slate-50 text-xs font-medium text-slate-600 sm:table-header-group">
          <tr>
            <th scope="col" className="px-4 py-2">
              Automation
            </th>
            <th scope="col" className="px-4 py-2">
              Object
            </th>
            <th scope="col" className="px-4 py-2">
              Status
            </th>
            <th scope="col" className="px-4 py-2">
              Started
            </th>
            <th scope="col" className="px-4 py-2">
              Status reason
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-100 sm:table-row-group">
          {runs.map((run) => (
            <tr key={run.id} className="block py-2 hover:bg-slate-50 sm:table-row sm:py-0">
              <td className={`${CELL} font-medium text-slate-900`}>{run.automationName}</td>
              <td className={CELL}>
                <span className={MOBILE_LABEL}>{run.objectType === "invoice" ? "Invoice" : "Subscription"}</span>
                <TextLink href={`/runs/${run.id}`} className="font-mono break-all">
                  {run.objectId}
                </TextLink>
                <span className="sr-only"> (open the run)</span>
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
        </tbody>
      </table>
    </div>
  );
}
