"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/page";
import { toast } from "@/components/ui/toaster";
import { useAutomationActions } from "./automation-actions";

/** Duplicate: a paused copy, last on its trigger, opened for editing at once. */
export function DuplicateAutomationButton({ id, name }: { id: string; name: string }) {
  const actions = useAutomationActions();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        pending={pending}
        pendingLabel="Duplicating…"
        onClick={() => {
          setError(null);
          startTransition(async () => {
            const copy = await actions.duplicate(id);
            if (!copy.ok) {
              setError(copy.error);
              return;
            }
            toast.success(
              `“${copy.data.name}” is a paused copy of “${name}”, last on its trigger. Turn it on when ready.`,
            );
            router.push(`/automations/${copy.data.id}`);
          });
        }}
      >
        Duplicate
      </Button>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </div>
  );
}
