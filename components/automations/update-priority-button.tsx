"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Trigger } from "@/lib/triggers";
import { PriorityPanel } from "./priority-panel";
import type { PriorityItem } from "./priority-types";

/** Opens the trigger's priority panel. */
export function UpdatePriorityButton({
  trigger,
  items,
  label,
}: {
  trigger: Trigger;
  items: readonly PriorityItem[];
  /** Names the button for screen readers when several are on one page. */
  label: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)} aria-label={label}>
        Update priority
      </Button>
      <PriorityPanel open={open} trigger={trigger} items={items} onClose={() => setOpen(false)} />
    </>
  );
}
