"use client";

import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useEffect, useRef, useState, useTransition } from "react";
import { BacktestResults } from "@/components/simulations/backtest-results";
import type { ActionResult } from "@/lib/auth/admin-action";
import type { Backtest } from "@/lib/simulations/backtest";
import { useAutomationActions } from "./automation-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import { toast } from "@/components/ui/toaster";
import { moveItem } from "@/lib/automations/automation-form";
import { orderShifts, orderShiftInWords } from "@/lib/simulations/order-shifts";
import { triggerDefinitions, type Trigger } from "@/lib/triggers";
import { ArrowDownIcon, ArrowUpIcon, GripIcon, IconButton } from "./form-controls";
import type { PriorityItem } from "./priority-types";

/**
 * The "Set priority" panel of one trigger: drag a handle (mouse, touch, or keyboard: Space to lift,
 * arrows to move, Space to drop, Escape to cancel), or use Move up / Move down. Save writes the whole
 * order at once; Cancel, Escape or closing discards it.
 */
export function PriorityPanel({
  open,
  trigger,
  items,
  highlightId,
  intro,
  cancelLabel = "Cancel",
  onClose,
  onSaved,
}: {
  open: boolean;
  trigger: Trigger;
  items: readonly PriorityItem[];
  /** An automation to point out (the one just created). */
  highlightId?: string;
  intro?: string;
  cancelLabel?: string;
  onClose: () => void;
  onSaved?: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Set priority: ${triggerDefinitions[trigger].label}`}
      description={
        <>
          {intro ? <p className="mb-2 font-medium text-slate-900">{intro}</p> : null}
          <p>
            Events of this trigger check active automations from the top down and run the first whose conditions hold.
            Drag a handle, or focus it and press Space, the arrow keys, then Space again; or use the arrow buttons.
          </p>
        </>
      }
    >
      <PanelBody
        trigger={trigger}
        items={items}
        highlightId={highlightId}
        cancelLabel={cancelLabel}
        onClose={onClose}
        onSaved={onSaved ?? onClose}
      />
    </Dialog>
  );
}

function PanelBody({
  trigger,
  items,
  highlightId,
  cancelLabel,
  onClose,
  onSaved,
}: {
  trigger: Trigger;
  items: readonly PriorityItem[];
  highlightId?: string;
  cancelLabel: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  // Mounted each time the dialog opens, so a canceled reorder is simply forgotten.
  const actions = useAutomationActions();
  const [order, setOrder] = useState<PriorityItem[]>(() => [...items]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [dragging, setDragging] = useState(false);
  const [simulation, setSimulation] = useState<ActionResult<Backtest> | null>(null);
  const [simulating, startSimulating] = useTransition();
  const bodyRef = useRef<HTMLDivElement>(null);
  const afterRender = useRef<(() => void) | null>(null);
  const dragRef = useRef({ active: false, moved: false, endedAt: 0 });

  useEffect(() => {
    const task = afterRender.current;
    afterRender.current = null;
    task?.();
  });

  // Escape while dragging cancels the drag; it must not also close the dialog.
  useEffect(() => {
    const dialog = bodyRef.current?.closest("dialog");
    if (!dialog) return;
    const onCancel = (event: Event) => {
      const drag = dragRef.current;
      if (drag.active || Date.now() - drag.endedAt < 100) event.preventDefault();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => dialog.removeEventListener("cancel", onCancel);
  }, []);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const nameOf = (id: UniqueIdentifier) => order.find((item) => item.id === id)?.name ?? String(id);
  const positionOf = (id: UniqueIdentifier) => order.findIndex((item) => item.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${nameOf(active.id)}, at position ${positionOf(active.id)} of ${order.length}.`,
    onDragOver: ({ active, over }) => {
      // dnd-kit reports the item over itself right after it is lifted: keep "Picked up …" until it moves.
      if (over?.id === active.id && !dragRef.current.moved) return undefined;
      dragRef.current.moved = true;
      return over
        ? `${nameOf(active.id)} moved to position ${positionOf(over.id)} of ${order.length}.`
        : `${nameOf(active.id)} is not over a position.`;
    },
    onDragEnd: ({ active, over }) =>
      over
        ? `${nameOf(active.id)} dropped at position ${positionOf(over.id)} of ${order.length}.`
        : `${nameOf(active.id)} dropped where it was.`,
    onDragCancel: ({ active }) =>
      `Moving canceled. ${nameOf(active.id)} is back at position ${positionOf(active.id)} of ${order.length}.`,
  };

  const endDrag = () => {
    dragRef.current = { active: false, moved: false, endedAt: Date.now() };
    setDragging(false);
  };

  function onDragEnd({ active, over }: DragEndEvent) {
    endDrag();
    if (!over || active.id === over.id) return;
    setOrder((current) => {
      const from = current.findIndex((item) => item.id === active.id);
      const to = current.findIndex((item) => item.id === over.id);
      return from < 0 || to < 0 ? current : arrayMove(current, from, to);
    });
    setError(null);
  }

  function move(index: number, direction: -1 | 1) {
    const id = order[index]?.id;
    const control = direction === -1 ? "up" : "down";
    const other = direction === -1 ? "down" : "up";
    afterRender.current = () => {
      const row = bodyRef.current?.querySelector(`[data-priority-id="${id}"]`);
      const target = row?.querySelector<HTMLButtonElement>(`[data-control="${control}"]`);
      (target && !target.disabled
        ? target
        : row?.querySelector<HTMLButtonElement>(`[data-control="${other}"]`)
      )?.focus();
    };
    setOrder((current) => moveItem(current, index, direction));
    setError(null);
  }

  function simulate() {
    startSimulating(async () => {
      setSimulation(
        await actions.simulateOrder(
          trigger,
          order.map((item) => item.id),
        ),
      );
    });
  }

  function save() {
    setError(null);
    const ids = order.map((item) => item.id);
    const moved = ids.some((id, index) => items[index]?.id !== id);
    startTransition(async () => {
      const result = await actions.reorder(trigger, ids);
      if (!result.ok) {
        setError(
          result.issues?.some((issue) => issue.path === "ids")
            ? `${result.error}. Someone may have changed this trigger's automations meanwhile: close this panel and open it again.`
            : result.error,
        );
        return;
      }
      toast.success(
        moved
          ? `New order saved for ${triggerDefinitions[trigger].label}: ${order.map((item) => `“${item.name}”`).join(" → ")}.`
          : `Order saved for ${triggerDefinitions[trigger].label}.`,
      );
      onSaved();
      if (moved)
        void warnOfShifts(
          items.map((item) => item.id),
          ids,
        );
    });
  }

  /**
   * After a reorder, which of the last 30 days' events would now go to another automation (a rule
   * placed above another can shadow it): the same events replayed in the old order and the new.
   */
  async function warnOfShifts(before: string[], after: string[]) {
    const [was, now] = await Promise.all([
      actions.simulateOrder(trigger, before),
      actions.simulateOrder(trigger, after),
    ]);
    if (!was.ok || !now.ok) return;
    const shifts = orderShifts(was.data, now.data);
    if (shifts.length === 0) return;
    const moved = shifts.reduce((sum, shift) => sum + shift.events, 0);
    toast.warning(
      `In this order, ${moved} ${moved === 1 ? "event" : "events"} of the last 30 days would have gone to another automation`,
      {
        description: shifts.slice(0, 3).map(orderShiftInWords).join("; ") + (shifts.length > 3 ? "; …" : "."),
        duration: 15_000,
      },
    );
  }

  return (
    <div ref={bodyRef}>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragStart={() => {
          dragRef.current = { active: true, moved: false, endedAt: 0 };
          setDragging(true);
        }}
        onDragEnd={onDragEnd}
        onDragCancel={endDrag}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              "To move this automation, press Space or Enter to lift it, the Up and Down arrow keys to move it, and Space or Enter to drop it. Escape cancels.",
          },
        }}
      >
        <SortableContext items={order.map((item) => item.id)} strategy={verticalListSortingStrategy}>
          <ol aria-label="Priority order, first checked first" className="space-y-2">
            {order.map((item, index) => (
              <SortableRow
                key={item.id}
                item={item}
                index={index}
                count={order.length}
                highlighted={item.id === highlightId}
                disabled={pending}
                onMove={(direction) => move(index, direction)}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <div className="mt-4">
        <Button
          type="button"
          variant="secondary"
          onClick={simulate}
          pending={simulating}
          pendingLabel="Simulating…"
          disabled={dragging}
        >
          Simulate this order
        </Button>
        <span className="ml-2 text-xs text-slate-600">
          On the last 30 days of events, before saving: nothing changes.
        </span>
        {simulation?.ok === false ? <ErrorMessage>{simulation.error}</ErrorMessage> : null}
        {simulation?.ok ? (
          <BacktestResults backtest={simulation.data} caption="What past events would have done in this order" />
        ) : null}
      </div>
      <div className="mt-4 min-h-0 space-y-3">
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose} disabled={pending || dragging}>
            {cancelLabel}
          </Button>
          <Button type="button" onClick={save} pending={pending} pendingLabel="Saving…" disabled={dragging}>
            Save order
          </Button>
        </div>
      </div>
    </div>
  );
}

function SortableRow({
  item,
  index,
  count,
  highlighted,
  disabled,
  onMove,
}: {
  item: PriorityItem;
  index: number;
  count: number;
  highlighted: boolean;
  disabled: boolean;
  onMove: (direction: -1 | 1) => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: item.id,
    disabled,
  });
  return (
    <li
      ref={setNodeRef}
      data-priority-id={item.id}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`relative flex items-center gap-2 rounded-md bg-white p-2 ring-1 ring-inset ${
        isDragging ? "z-10 shadow-lg ring-indigo-600" : highlighted ? "ring-indigo-300" : "ring-slate-200"
      } ${highlighted ? "bg-indigo-50" : ""}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Drag ${item.name}`}
        className="inline-flex size-9 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 active:cursor-grabbing"
      >
        <GripIcon />
      </button>
      <span className="w-6 shrink-0 text-right text-sm text-slate-600 tabular-nums" aria-hidden="true">
        {index + 1}.
      </span>
      <span className="min-w-0 flex-1">
        <span className="block text-sm font-medium break-words text-slate-900">{item.name}</span>
        {item.status === "paused" || highlighted ? (
          <span className="mt-0.5 flex gap-1">
            {highlighted ? <Badge tone="indigo">New</Badge> : null}
            {item.status === "paused" ? <Badge>Paused</Badge> : null}
          </span>
        ) : null}
      </span>
      <span className="flex shrink-0 gap-1">
        <IconButton
          label={`Move ${item.name} up`}
          onClick={() => onMove(-1)}
          disabled={disabled || index === 0}
          dataAttribute="up"
        >
          <ArrowUpIcon />
        </IconButton>
        <IconButton
          label={`Move ${item.name} down`}
          onClick={() => onMove(1)}
          disabled={disabled || index === count - 1}
          dataAttribute="down"
        >
          <ArrowDownIcon />
        </IconButton>
      </span>
    </li>
  );
}
