import { weekOf, weekStartDate } from "@/lib/outcomes/attribution";
import type { OutcomesReport } from "@/lib/outcomes/query-outcomes";

/** One week of the charts: every week of the range, those without a match included. */
export interface ChartWeek {
  /** The week's Monday (UTC), "2026-11-30". */
  week: string;
  /** Every run, cancellation runs included. */
  runs: number;
  /** The runs that had an invoice to recover: the recovery rate's denominator. */
  invoiceRuns: number;
  recovered: number;
  recoveryRate: number | null;
  heldOut: number;
  heldOutRecovered: number;
  heldOutRecoveryRate: number | null;
  /** Default currency, minor units. */
  recoveredAmount: number;
}

/** Past this many weeks (a range of years) only the weeks with matches are drawn. */
const MAX_FILLED_WEEKS = 160;

/**
 * The report's weeks for the charts. A week without a match is drawn as none rather than left out,
 * so the axis is time; the report's overall weeks count invoice runs only, so every run is summed
 * from the triggers' weeks for the runs chart.
 */
export function chartWeeks(report: OutcomesReport): ChartWeek[] {
  const runsByWeek = new Map<string, number>();
  for (const trigger of report.triggers) {
    for (const week of trigger.weeks) runsByWeek.set(week.week, (runsByWeek.get(week.week) ?? 0) + week.runs);
  }
  const byWeek = new Map(report.weeks.map((week) => [week.week, week]));
  const first = weekOf(new Date(report.from));
  const last = weekOf(new Date(Date.parse(report.to) - 1));
  const weeks =
    (last - first) / 7 < MAX_FILLED_WEEKS
      ? Array.from({ length: (last - first) / 7 + 1 }, (_, index) => weekStartDate(first + index * 7))
      : [...new Set([...byWeek.keys(), ...runsByWeek.keys()])].sort();
  return weeks.map((week) => {
    const overall = byWeek.get(week);
    return {
      week,
      runs: runsByWeek.get(week) ?? 0,
      invoiceRuns: overall?.runs ?? 0,
      recovered: overall?.recovered ?? 0,
      recoveryRate: overall?.recoveryRate ?? null,
      heldOut: overall?.heldOut ?? 0,
      heldOutRecovered: overall?.heldOutRecovered ?? 0,
      heldOutRecoveryRate: overall?.heldOutRecoveryRate ?? null,
      recoveredAmount: overall?.recoveredAmount ?? 0,
    };
  });
}
