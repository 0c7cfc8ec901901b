import { DescriptionList, Fact } from "@/components/ui/description-list";
import { TextLink } from "@/components/ui/text-link";
import type { AutomationOutcomes } from "@/lib/outcomes/query-outcomes";
import { percent, points } from "./format";

const count = (value: number, one: string, many: string) => `${value} ${value === 1 ? one : many}`;

function rateOf(rate: number | null, recovered: number, matched: number, unit: [string, string]): string {
  const of = `${recovered} of ${count(matched, ...unit)}`;
  return rate === null ? `none to compare yet (${of})` : `${percent(rate)} recovered (${of})`;
}

/**
 * An automation with a holdout: its recovery rate against the rate of the matches it held out,
 * which Stripe's default settings handled alone, and what the difference lets one say.
 */
export function HoldoutPanel({ automation, recovers }: { automation: AutomationOutcomes; recovers: boolean }) {
  const holdout = automation.holdout!;
  const headingId = `holdout-${automation.automationId}`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5">
      <h3 id={headingId} className="text-base font-semibold break-words text-slate-900">
        {automation.deleted ? (
          automation.name
        ) : (
          <TextLink href={`/automations/${automation.automationId}`}>{automation.name}</TextLink>
        )}
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        {automation.holdoutPercent > 0
          ? `Holds out ${automation.holdoutPercent} % of its matches: no run starts for them, and Stripe's default settings apply.`
          : "Held matches out during this range (it holds none out now): Stripe's default settings applied to them."}
      </p>
      {recovers ? (
        <>
          <DescriptionList className="mt-2">
            <Fact label="With the automation">
              {rateOf(automation.runs ? automation.recoveryRate : null, automation.recovered, automation.runs, [
                "run",
                "runs",
              ])}
            </Fact>
            <Fact label="Held out">
              {rateOf(holdout.matched ? holdout.recoveryRate : null, holdout.recovered, holdout.matched, [
                "match",
                "matches",
              ])}
            </Fact>
            <Fact label="Difference">
              {automation.difference ? (
                <>
                  {points(automation.difference.rate)}{" "}
                  <span className="text-slate-600">
                    (95 % interval {points(automation.difference.ci95[0])} to {points(automation.difference.ci95[1])})
                  </span>
                </>
              ) : (
                "Not yet: it needs runs and held-out matches both."
              )}
            </Fact>
          </DescriptionList>
          {automation.comparison ? (
            <p className="mt-2 rounded-md bg-slate-50 p-3 text-sm font-medium text-slate-900 ring-1 ring-slate-200">
              {automation.comparison.words}
            </p>
          ) : null}
          <p className="mt-2 text-xs text-slate-500">
            The interval is Newcombe&apos;s hybrid score interval, which holds its coverage with few matches and rates
            near 0 or 100 %.
          </p>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          {`${count(holdout.matched, "match", "matches")} held out. A canceled subscription has nothing left to recover, so there is no rate to compare.`}
        </p>
      )}
    </section>
  );
}
