import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { TextLink } from "@/components/ui/text-link";
import { formatMoney } from "@/lib/money/money";
import type { AutomationOutcomes, TriggerOutcomes } from "@/lib/outcomes/query-outcomes";
import { formatHours } from "@/lib/outcomes/describe-outcome";
import { percent } from "./format";

const OUTCOME_COLUMNS = [
  "Automation",
  "Runs",
  "Recovered",
  "Amount recovered",
  "Median time to recover",
  "Written off",
  "Voided",
  "Canceled",
  "Open",
  "Paid after the window",
] as const;

type Column = (typeof OUTCOME_COLUMNS)[number];
type Figures = Omit<TriggerOutcomes, "trigger" | "label" | "weeks">;

function Cell({ column, children }: { column: Column; children: ReactNode }) {
  return (
    <td className={`${CELL} tabular-nums sm:text-right sm:whitespace-nowrap`}>
      <span className={MOBILE_LABEL}>{column}</span>
      {children}
    </td>
  );
}

/** Where a figure does not apply: a canceled subscription has nothing left to collect. */
function NotApplicable() {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">does not apply</span>
    </>
  );
}

/** The figures of a row, an automation's or its trigger's total, after its first cell. */
function FigureCells({ figures, currency, recovers }: { figures: Figures; currency: string; recovers: boolean }) {
  return (
    <>
      <Cell column="Runs">{figures.runs}</Cell>
      <Cell column="Recovered">
        {recovers ? (
          <>
            {figures.recovered}
            {figures.recoveryRate !== null ? (
              <span className="text-slate-600"> ({percent(figures.recoveryRate)})</span>
            ) : null}
          </>
        ) : (
          <NotApplicable />
        )}
      </Cell>
      <Cell column="Amount recovered">
        {recovers ? (
          <>
            {formatMoney(figures.recoveredAmount, currency)}
            {figures.recoveredUnconverted > 0 ? (
              <span className="block text-xs whitespace-normal text-slate-500">
                and {figures.recoveredUnconverted} paid in a currency without an exchange rate
              </span>
            ) : null}
          </>
        ) : (
          <NotApplicable />
        )}
      </Cell>
      <Cell column="Median time to recover">
        {!recovers ? (
          <NotApplicable />
        ) : figures.medianHoursToRecover === null ? (
          "—"
        ) : (
          formatHours(figures.medianHoursToRecover)
        )}
      </Cell>
      <Cell column="Written off">{figures.writtenOff}</Cell>
      <Cell column="Voided">{figures.voided}</Cell>
      <Cell column="Canceled">{figures.canceled}</Cell>
      <Cell column="Open">{figures.open}</Cell>
      <Cell column="Paid after the window">{recovers ? figures.paidLate : <NotApplicable />}</Cell>
    </>
  );
}

/** One trigger's automations, a row each, and the trigger's total when there are several. */
export function OutcomesTable({
  trigger,
  automations,
  currency,
  recovers,
}: {
  trigger: TriggerOutcomes;
  automations: AutomationOutcomes[];
  currency: string;
  recovers: boolean;
}) {
  return (
    <ResponsiveTable caption={`${trigger.label}: outcomes by automation`} columns={[...OUTCOME_COLUMNS]}>
      {automations.map((automation) => (
        <tr key={automation.automationId} className="block py-2 sm:table-row sm:py-0">
          <th scope="row" className={`${CELL} max-w-64 text-left font-normal`}>
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              {automation.deleted ? (
                <span className="font-medium break-words text-slate-900">{automation.name}</span>
              ) : (
                <TextLink href={`/automations/${automation.automationId}`} className="break-words">
                  {automation.name}
                </TextLink>
              )}
              {automation.deleted ? (
                <Badge>Deleted</Badge>
              ) : automation.status === "paused" ? (
                <Badge>Paused</Badge>
              ) : null}
              {automation.holdoutPercent > 0 ? (
                <Badge tone="indigo">{`Holds out ${automation.holdoutPercent} %`}</Badge>
              ) : null}
            </span>
            <span className="mt-1 block">
              <TextLink href={`/runs?automationId=${encodeURIComponent(automation.automationId)}`} className="text-xs">
                Runs<span className="sr-only"> of {automation.name}</span>
              </TextLink>
            </span>
          </th>
          <FigureCells figures={automation} currency={currency} recovers={recovers} />
        </tr>
      ))}
      {automations.length > 1 ? (
        <tr className="block bg-slate-50 py-2 font-medium sm:table-row sm:py-0">
          <th scope="row" className={`${CELL} text-left font-semibold text-slate-900`}>
            All of {trigger.label}
          </th>
          <FigureCells figures={trigger} currency={currency} recovers={recovers} />
        </tr>
      ) : null}
    </ResponsiveTable>
  );
}
