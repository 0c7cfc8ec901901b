import type { ReactNode } from "react";

type Tone = "gray" | "green" | "yellow" | "red" | "blue" | "indigo";

const TONES: Record<Tone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-500/20",
  green: "bg-green-50 text-green-800 ring-green-600/20",
  yellow: "bg-amber-50 text-amber-800 ring-amber-600/20",
  red: "bg-red-50 text-red-800 ring-red-600/20",
  blue: "bg-sky-50 text-sky-800 ring-sky-600/20",
  indigo: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
};

export function Badge({ tone = "gray", children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

const RUN_STATUS_TONES: Record<string, Tone> = {
  running: "blue",
  succeeded: "green",
  failed: "red",
  canceled: "gray",
  terminated: "yellow",
  pending: "gray",
  skipped: "gray",
};

/** Run and step statuses in one colour language across the app. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={RUN_STATUS_TONES[status] ?? "gray"}>{status}</Badge>;
}
