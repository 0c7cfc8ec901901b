"use client";

import { useSyncExternalStore } from "react";
import { relativeTime, teamDateTime } from "@/lib/format/time";
import { useTeamTimeZone } from "./team-time-zone";

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
 * A moment in the team's time zone, named ("Dec 3, 2026, 6:03 PM UTC"), the same for everyone on
 * the team whatever their browser says; after hydration an "in 3 days" hint joins it.
 */
export function RelativeTime({
  value,
  className,
  seconds = false,
}: {
  value: string | Date | null | undefined;
  className?: string;
  /** To the second (the audit log). */
  seconds?: boolean;
}) {
  const clock = useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
  const timeZone = useTeamTimeZone();
  if (!value) return <span className={className}>—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const label = teamDateTime(date, timeZone, { seconds });
  return (
    <time dateTime={date.toISOString()} className={className} title={date.toISOString()}>
      {label}
      {clock !== null ? <span className="text-slate-500"> · {relativeTime(date, new Date(clock))}</span> : null}
    </time>
  );
}
