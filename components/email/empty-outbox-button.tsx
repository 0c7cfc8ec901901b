"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/auth/admin-action";

/** Empty outbox, behind a confirmation: what it keeps (invitation links among it) is gone for good. */
export function EmptyOutboxButton({ emptyOutbox }: { emptyOutbox: () => Promise<ActionResult<{ deleted: number }>> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await emptyOutbox();
      if (!result.ok) {
        setError(result.error);
        setOpen(true);
        return;
      }
      const { deleted } = result.data;
      toast.success(`Outbox emptied: ${deleted} ${deleted === 1 ? "email" : "emails"} deleted.`);
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Empty outbox
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Empty the outbox?"
        description={<p>Every email it keeps is deleted for good, invitation links included. Nothing is sent.</p>}
      >
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending} autoFocus>
            Keep them
          </Button>
          <Button variant="danger" onClick={confirm} pending={pending} pendingLabel="Emptying…">
            Empty outbox
          </Button>
        </div>
      </Dialog>
    </>
  );
}
