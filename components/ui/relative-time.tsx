"use client";

import { useSyncExternalStore } from "react";
import { localDateTime, relativeTime } from "@/lib/format/time";

// One shared ticking clock for every timestamp on the page; null on the server.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((notify) => notify());
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * A moment in the reader's local time with an "in 3 days" hint. The server renders UTC in the same
 * width of text, and the browser swaps in local time after hydration, so nothing shifts.
 */
export function RelativeTime({ value, className }: { value: string | Date | null | undefined; className?: string }) {
  const clock = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  if (!value) return <span className={className}>—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const label = clock !== null ? localDateTime(date) : localDateTime(date, "en-GB", "UTC");
  return (
    <time dateTime={date.toISOString()} className={className} title={date.toISOString()}>
      {label}
      {clock !== null ? <span className="text-slate-500"> · {relativeTime(date, new Date(clock))}</span> : null}
    </time>
  );
}
