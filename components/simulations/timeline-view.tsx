import { StepMessage } from "@/components/runs/step-message";
import type { Timeline } from "@/lib/simulations/timeline";

const DAY = 86_400_000;

/** "Day 3 · 2026-12-04 10:00 UTC": days from the start of the path, then the time itself. */
function when(at: string, start: string): string {
  const days = Math.round(((Date.parse(at) - Date.parse(start)) / DAY) * 10) / 10;
  return `Day ${days} · ${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}

/**
 * One invoice's path, read at a glance: each step's time, what it would do (the email rendered, the
 * event as it would be signed and sent), and where it ends and why.
 */
export function TimelineView({ timeline }: { timeline: Timeline }) {
  return (
    <div className="mt-4">
      <ol aria-label="The path over time" className="relative space-y-3 border-l border-slate-300 pl-4">
        {timeline.steps.map((step, index) => (
          <li key={index} className="text-sm">
            <span
              aria-hidden
              className={`absolute -left-1.5 mt-1.5 size-3 rounded-full ${step.status === "failed" ? "bg-red-600" : "bg-indigo-600"}`}
            />
            <span className="block text-xs text-slate-500">{when(step.at, timeline.startedAt)}</span>
            <span className="block font-medium text-slate-900">{step.label}</span>
            <span className={`block ${step.status === "failed" ? "text-red-800" : "text-slate-700"}`}>
              {step.effect}
            </span>
            <StepMessage result={step.result} dryRun />
          </li>
        ))}
      </ol>
      <p role="status" className="mt-3 text-sm font-medium text-slate-900">
        Ends {when(timeline.endedAt, timeline.startedAt)}: {timeline.endedBecause}.
      </p>
    </div>
  );
}
