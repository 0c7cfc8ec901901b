import { describeStep } from "@/lib/automations/describe";
import type { Step } from "@/lib/automations/schema";
import type { getRun } from "@/lib/runs/list-runs";
import { runSnapshotSchema } from "@/lib/runs/run-snapshot";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeStepResult, stepLabel } from "./describe-step";
import { RetryStepButton } from "./retry-step-button";
import { StepMessage } from "./step-message";

type Run = Awaited<ReturnType<typeof getRun>>;
type RunStep = Run["steps"][number];

// The marker on the timeline's line; the status badge beside it says the same in words.
const MARKERS: Record<string, { symbol: string; className: string }> = {
  succeeded: { symbol: "✓", className: "bg-green-600 text-white" },
  failed: { symbol: "✗", className: "bg-red-600 text-white" },
  running: { symbol: "▸", className: "bg-sky-600 text-white" },
  pending: { symbol: "", className: "bg-white ring-2 ring-slate-300" },
  skipped: { symbol: "–", className: "bg-slate-200 text-slate-600" },
  canceled: { symbol: "–", className: "bg-slate-200 text-slate-600" },
};

/** The delays written just before an action in the automation ("Wait 3 days"), from the run's snapshot. */
function delaysBefore(snapshotSteps: readonly Step[], position: number): string[] {
  const delays: string[] = [];
  for (let index = position - 1; index >= 0; index -= 1) {
    const step = snapshotSteps[index];
    if (!step || step.type !== "delay") break;
    delays.unshift(describeStep(step));
  }
  return delays;
}

/** The run's steps as it started with them; none when its snapshot no longer reads (the timeline still shows the steps). */
function snapshotStepsOf(run: Run): Step[] {
  const snapshot = runSnapshotSchema.safeParse(run.snapshot);
  return snapshot.success ? snapshot.data.steps : [];
}

export function StepTimeline({ run }: { run: Run }) {
  const snapshotSteps = snapshotStepsOf(run);
  if (run.steps.length === 0) {
    return <p className="text-sm text-slate-600">This run has no steps.</p>;
  }
  return (
    <ol aria-label="Step timeline" className="relative space-y-6">
      {run.steps.map((step, index) => (
        <StepItem
          key={step.id}
          step={step}
          last={index === run.steps.length - 1}
          delays={step.key.includes(".") ? [] : delaysBefore(snapshotSteps, step.position)}
          canRetry={step.status === "failed" && run.status === "failed"}
        />
      ))}
    </ol>
  );
}

function StepItem({
  step,
  last,
  delays,
  canRetry,
}: {
  step: RunStep;
  last: boolean;
  delays: string[];
  canRetry: boolean;
}) {
  const label = stepLabel(step);
  const marker = MARKERS[step.status] ?? MARKERS.pending!;
  const resultLines = describeStepResult(step.action, step.result);
  const headingId = `step-${step.id}`;
  return (
    <li aria-labelledby={headingId} className="relative min-w-0 pl-10">
      {last ? null : <span aria-hidden="true" className="absolute top-7 bottom-[-1.5rem] left-3 w-px bg-slate-200" />}
      <span
        aria-hidden="true"
        className={`absolute top-0.5 left-0 flex size-6 items-center justify-center rounded-full text-xs font-bold ${marker.className}`}
      >
        {marker.symbol}
      </span>
      <div className="min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            {delays.length ? <p className="text-xs text-slate-500">After: {delays.join(", then ")}</p> : null}
            <h3 id={headingId} className="font-medium break-words text-slate-900">
              {label}
            </h3>
          </div>
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            <StatusBadge status={step.status} />
            {step.dryRun ? <Badge tone="yellow">dry-run</Badge> : null}
          </div>
        </div>

        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <TimeFact label="Due" value={step.dueAt} />
          <TimeFact label="Started" value={step.startedAt} />
          <TimeFact label="Finished" value={step.finishedAt} />
          <div>
            <dt className="text-xs font-medium text-slate-500">Attempts</dt>
            <dd className="text-slate-900">{step.attempts}</dd>
          </div>
        </dl>

        {resultLines.length ? (
          <div className="mt-3">
            <h4 className="text-xs font-medium text-slate-500">Result</h4>
            <ul className="mt-1 space-y-1 text-sm break-words text-slate-800">
              {resultLines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        ) : null}

        <StepMessage result={step.result} dryRun={step.dryRun} />

        {step.error ? (
          <p className="mt-3 rounded-md bg-red-50 p-2 text-sm break-words text-red-800 ring-1 ring-red-200">
            <span className="font-semibold">Error:</span> {step.error}
          </p>
        ) : null}

        {step.result !== null && step.result !== undefined ? (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer rounded text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
              Raw result
            </summary>
            <pre className="mt-2 max-h-64 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
              {JSON.stringify(step.result, null, 2)}
            </pre>
          </details>
        ) : null}

        {canRetry ? (
          <div className="mt-3">
            <RetryStepButton stepId={step.id} label={label} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

function TimeFact({ label, value }: { label: string; value: Date | null }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-slate-900">{value ? <RelativeTime value={value.toISOString()} /> : "—"}</dd>
    </div>
  );
}
