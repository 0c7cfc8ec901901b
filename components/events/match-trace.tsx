import type { DescribedCondition, DescribedTrace } from "@/lib/events/describe-trace";
import { Card } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { AutomationLink } from "./automation-link";
import type { AutomationName } from "./automation-names";

const VERDICT_CLASSES: Record<DescribedCondition["verdict"], string> = {
  passed: "text-green-800",
  failed: "text-red-800",
  unavailable: "text-amber-900",
  skipped: "text-slate-600",
};

/** Green for a winner whose run is going or done, red when the run failed, grey for no winner or a holdout. */
function winnerClasses(trace: DescribedTrace, run: { status: string } | null): string {
  if (!trace.matched || trace.heldOut) return "bg-slate-50 text-slate-900 ring-slate-200";
  if (run?.status === "failed") return "bg-red-50 text-red-900 ring-red-200";
  return "bg-green-50 text-green-900 ring-green-200";
}

/**
 * One trigger's match trace in words: the automations checked in priority order, each condition
 * with the value found and a verdict that is a symbol and a word (colour only repeats it), then
 * the winner and its run, or the no-match sentence.
 */
export function MatchTraceCard({
  trace,
  run,
  automations,
}: {
  trace: DescribedTrace;
  /** The run the winner started, as it stands now: a winner whose run failed is not shown as a success. */
  run: { id: string; status: string; statusReason: string | null } | null;
  /** The automations as they are now: the trace keeps the names they had when checked. */
  automations: Map<string, AutomationName>;
}) {
  const headingId = `trace-${trace.trigger}`;
  return (
    <Card className="p-4 sm:p-6">
      <section aria-labelledby={headingId}>
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          Trigger: {trace.triggerLabel}
        </h3>
        {trace.nothingChecked ? <p className="mt-2 text-sm text-slate-700">{trace.nothingChecked}</p> : null}

        {trace.automations.length ? (
          <>
            <p className="mt-1 text-sm text-slate-600">Automations checked, in priority order:</p>
            <ol aria-label={`Automations checked for ${trace.triggerLabel}`} className="mt-3 space-y-3">
              {trace.automations.map((automation) => (
                <li
                  key={automation.automationId}
                  className={`rounded-md p-3 ring-1 ${automation.matched ? "bg-green-50/60 ring-green-200" : "bg-slate-50 ring-slate-200"}`}
                >
                  <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                    <span className="font-medium text-slate-900">
                      <span className="text-slate-500">Priority {automation.priority}:</span>{" "}
                      <AutomationLink
                        id={automation.automationId}
                        automation={{
                          name: automation.name,
                          deleted: automations.get(automation.automationId)?.deleted ?? true,
                        }}
                        fallback={automation.name}
                      />
                    </span>
                    <span className={`font-semibold ${automation.matched ? "text-green-800" : "text-red-800"}`}>
                      <span aria-hidden="true">{automation.matched ? "✓" : "✗"}</span> {automation.verdictLabel}
                    </span>
                  </p>
                  {automation.noConditions ? (
                    <p className="mt-2 text-sm text-slate-700">{automation.noConditions}</p>
                  ) : (
                    <ul aria-label={`Conditions of ${automation.name}`} className="mt-2 space-y-1.5 text-sm">
                      {automation.conditions.map((condition, index) => (
                        <li key={index} className="flex gap-2">
                          <span
                            aria-hidden="true"
                            className={`w-4 shrink-0 text-center font-bold ${VERDICT_CLASSES[condition.verdict]}`}
                          >
                            {condition.symbol}
                          </span>
                          <span className="min-w-0 break-words text-slate-800">
                            {condition.description}{" "}
                            <span className={`font-medium ${VERDICT_CLASSES[condition.verdict]}`}>
                              — {condition.verdictLabel}:
                            </span>{" "}
                            {condition.found}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </>
        ) : null}

        <p className={`mt-4 rounded-md p-3 text-sm font-medium ring-1 ${winnerClasses(trace, run)}`}>
          {trace.winner ? (
            <>
              Winner: <span className="font-semibold">{trace.winner.name}</span> (priority {trace.winner.priority}).{" "}
              {trace.heldOut ? (
                <>
                  Held out: Stripe&apos;s default settings apply. No run started; the invoice is followed on the{" "}
                  <TextLink href="/outcomes">Outcomes</TextLink> page to compare with the automation&apos;s runs.
                </>
              ) : run ? (
                <>
                  {run.status === "failed"
                    ? `Its run failed${run.statusReason ? `: ${run.statusReason}` : ""}. `
                    : null}
                  <TextLink href={`/runs/${run.id}`}>View the run it started</TextLink>
                </>
              ) : (
                "No run was recorded for it."
              )}
            </>
          ) : (
            trace.summary
          )}
        </p>
      </section>
    </Card>
  );
}
