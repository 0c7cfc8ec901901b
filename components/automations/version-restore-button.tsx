"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { noticeAfterReload } from "@/components/ui/toaster";
import { leaveWithoutAsking } from "@/components/ui/use-leave-guard";
import type { ActionResult } from "@/lib/auth/admin-action";

export type RestoreVersion = (automationId: string, number: number) => Promise<ActionResult<{ version: number }>>;

/** "Restore version n", asked once more in a dialog: a restore replaces what the editor shows. */
export function VersionRestoreButton({
  automationId,
  number,
  restore,
}: {
  automationId: string;
  number: number;
  restore: RestoreVersion;
}) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await restore(automationId, number);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setAsking(false);
      // The editor keeps the form it was opened with; a reload shows the restored definition in it.
      noticeAfterReload(`Restored version ${number} as version ${result.data.version}.`);
      leaveWithoutAsking();
      window.location.reload();
    });
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setAsking(true)} disabled={pending}>
        Restore version {number}
      </Button>
      <Dialog
        open={asking}
        onClose={() => setAsking(false)}
        title={`Restore version ${number}?`}
        description={
          <p>
            Its name, trigger, conditions, steps and shadow setting become the automation&apos;s again, saved as a new
            version; the history keeps every version. Whether the automation is active or paused stays as it is now.
            Unsaved changes in the editor are lost.
          </p>
        }
      >
        {error ? (
          <p role="alert" className="mb-3 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setAsking(false)} disabled={pending} autoFocus>
            Keep the current version
          </Button>
          <Button onClick={confirm} pending={pending} pendingLabel="Restoring…">
            Restore
          </Button>
        </div>
      </Dialog>
    </>
  );
}
