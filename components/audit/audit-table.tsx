import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AuditEntryView } from "@/lib/audit/list-audit";

function StateBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <h3 className="text-xs font-semibold text-slate-600">{title}</h3>
      {value === null || value === undefined ? (
        <p className="mt-1 text-xs text-slate-500">Not recorded</p>
      ) : (
        <pre className="mt-1 max-h-96 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

/** The audit log, newest first; each entry opens onto what it changed, before and after. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <ResponsiveTable caption="Audit log, newest first" columns={["Time", "Actor", "Action", "Summary"]}>
      {entries.map((entry) => (
        <tr key={entry.id} className="block py-2 sm:table-row sm:py-0">
          <td className={`${CELL} text-slate-700 sm:whitespace-nowrap`}>
            <span className={MOBILE_LABEL}>Time</span>
            <RelativeTime value={entry.at} seconds className="text-xs" />
          </td>
          <td className={`${CELL} max-w-56`}>
            <span className={MOBILE_LABEL}>Actor</span>
            <span className="font-medium break-all text-slate-900">{entry.actor.label}</span>
            <span className="block text-xs text-slate-500">
              {entry.actor.kind} · {entry.origin}
            </span>
          </td>
          <td className={CELL}>
            <span className={MOBILE_LABEL}>Action</span>
            <code className="text-xs break-all text-slate-800">{entry.action}</code>
          </td>
          <td className={`${CELL} min-w-0 break-words text-slate-700`}>
            <span className={MOBILE_LABEL}>Summary</span>
            {entry.summary}
            <details className="mt-1">
              <summary className="cursor-pointer text-xs font-medium text-indigo-700">Details</summary>
              <p className="mt-2 text-xs text-slate-600">
                {entry.entity}
                {entry.entityId ? (
                  <>
                    {" "}
                    <code className="break-all">{entry.entityId}</code>
                  </>
                ) : null}
              </p>
              <div className="mt-2 grid gap-3 sm:grid-cols-2">
                <StateBlock title="Before" value={entry.before} />
                <StateBlock title="After" value={entry.after} />
              </div>
            </details>
          </td>
        </tr>
      ))}
    </ResponsiveTable>
  );
}
