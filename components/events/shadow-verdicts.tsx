import { TextLink } from "@/components/ui/text-link";
import { Card } from "@/components/ui/page";
import type { DescribedTrace } from "@/lib/events/describe-trace";
import type { AutomationName } from "./automation-names";

export interface ShadowVerdict {
  id: string;
  automationId: string;
  triggerLabel: string;
  matched: boolean;
  /** The conditions, each in words, as the trace tells them. */
  trace: DescribedTrace | null;
  /** What a run would have had: each step in words, with its due time. */
  steps: Array<{ label: string; dueAt: string }>;
}

/**
 * What the automations running in shadow would have done with this event, beside the live verdict:
 * matched or not (and why), and the steps a run would have had. Nothing was acted on.
 */
export function ShadowVerdicts({
  verdicts,
  automations,
}: {
  verdicts: ShadowVerdict[];
  automations: Map<string, AutomationName>;
}) {
  if (verdicts.length === 0) return null;
  return (
    <section aria-labelledby="shadow-heading" className="space-y-4">
      <h2 id="shadow-heading" className="text-lg font-semibold text-slate-900">
        In shadow
      </h2>
      <p className="text-sm text-slate-600">
        Automations running in shadow are checked on every event of their trigger, each on its own, and act on nothing.
      </p>
      {verdicts.map((verdict) => {
        const name = automations.get(verdict.automationId);
        const conditions = verdict.trace?.automations[0]?.conditions ?? [];
        return (
          <Card key={verdict.id} className="p-4 sm:p-6">
            <h3 className="text-base font-semibold text-slate-900">
              {name && !name.deleted ? (
                <TextLink href={`/automations/${encodeURIComponent(verdict.automationId)}`}>“{name.name}”</TextLink>
              ) : (
                `“${name?.name ?? verdict.automationId}”`
              )}{" "}
              <span className="font-normal text-slate-700">
                ({verdict.triggerLabel}) — {verdict.matched ? "would have matched" : "would not have matched"}
              </span>
            </h3>
            {conditions.length ? (
              <ul className="mt-2 space-y-1 text-sm text-slate-700">
                {conditions.map((condition, index) => (
                  <li key={index}>{condition.sentence}</li>
                ))}
              </ul>
            ) : null}
            {verdict.steps.length ? (
              <ol
                aria-label={`Steps “${name?.name ?? verdict.automationId}” would have run`}
                className="mt-3 space-y-1 text-sm"
              >
                {verdict.steps.map((step, index) => (
                  <li key={index} className="text-slate-800">
                    {step.label}{" "}
                    <span className="text-slate-500">at {step.dueAt.replace("T", " ").slice(0, 16)} UTC</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </Card>
        );
      })}
    </section>
  );
}
