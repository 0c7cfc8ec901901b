import { Badge } from "@/components/ui/badge";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AutomationVersionView } from "@/lib/versions/automation-versions";
import { VersionDiff } from "./version-diff";
import { VersionRestoreButton, type RestoreVersion } from "./version-restore-button";

/**
 * The automation page's History: every saved version (newest first), a diff between any two, and
 * for editors and above a way to put an earlier one back.
 */
export function VersionHistory({
  automationId,
  versions,
  canRestore,
  currency,
  restore,
}: {
  automationId: string;
  /** Newest first, as listVersions answers. */
  versions: AutomationVersionView[];
  canRestore: boolean;
  /** The settings' default currency, in which conditions' amounts read. */
  currency: string;
  restore: RestoreVersion;
}) {
  const latest = versions[0];
  const columns = ["Version", "Change", "Author", "Time", ...(canRestore ? ["Restore"] : [])];
  return (
    <section aria-labelledby="history-heading" className="mt-8 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="history-heading" className="text-base font-semibold text-slate-900">
        History
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each save, pause, resume and restore is a version. A restore saves an earlier version again as the newest;
        nothing is ever removed from here.
      </p>
      {!latest ? (
        <p className="mt-4 text-sm text-slate-600">No versions recorded yet.</p>
      ) : (
        <>
          <div className="mt-4">
            <ResponsiveTable caption="Versions of this automation, newest first" columns={columns}>
              {versions.map((version) => (
                <tr key={version.number} className="block py-2 sm:table-row sm:py-0">
                  <td className={CELL}>
                    <span className={MOBILE_LABEL}>Version</span>
                    <span className="font-medium text-slate-900">{version.number}</span>{" "}
                    {version === latest ? <Badge tone="green">current</Badge> : null}
                  </td>
                  <td className={`${CELL} text-slate-700`}>
                    <span className={MOBILE_LABEL}>Change</span>
                    {version.change}
                  </td>
                  <td className={`${CELL} break-all text-slate-700`}>
                    <span className={MOBILE_LABEL}>Author</span>
                    {version.author.label}
                  </td>
                  <td className={`${CELL} text-slate-700`}>
                    <span className={MOBILE_LABEL}>Time</span>
                    <RelativeTime value={version.createdAt} />
                  </td>
                  {canRestore ? (
                    <td className={CELL}>
                      {version === latest ? (
                        <span className="text-xs text-slate-500">This is the automation now</span>
                      ) : (
                        <VersionRestoreButton automationId={automationId} number={version.number} restore={restore} />
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </ResponsiveTable>
          </div>
          {/* Keyed by the newest version, so a new one (a save, a restore) resets the comparison to it. */}
          <VersionDiff key={latest.number} versions={versions} currency={currency} />
        </>
      )}
    </section>
  );
}
