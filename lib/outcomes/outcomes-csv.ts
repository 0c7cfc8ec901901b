// The outcomes report as CSV: one row per automation for the whole range, then one per automation
// and week, each for the automation's runs and, with a holdout, for its held-out matches.
import { formatMajorAmount } from "@/lib/money/money-input";
import type { AutomationOutcomes, OutcomesReport } from "./query-outcomes";

const COLUMNS = [
  "automation_id",
  "automation",
  "trigger",
  "week",
  "group",
  "matched",
  "recovered",
  "recovery_rate",
  "recovered_amount",
  "currency",
  "written_off",
  "voided",
  "canceled",
  "open",
  "paid_late",
  "median_hours_to_recover",
  "difference",
  "difference_ci95_low",
  "difference_ci95_high",
] as const;

type Row = Partial<Record<(typeof COLUMNS)[number], string | number | null>>;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is kept as text. */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const ratio = (value: number | null | undefined) => (value === null || value === undefined ? null : value.toFixed(4));

/** The file's name, the same from the API and from the page's download. */
export function outcomesCsvFileName(report: Pick<OutcomesReport, "from" | "to">): string {
  return `outcomes-${report.from.slice(0, 10)}-to-${report.to.slice(0, 10)}.csv`;
}

export function outcomesCsv(report: OutcomesReport): string {
  const rows: Row[] = [];
  const money = (minor: number) => formatMajorAmount(minor, report.currency);
  for (const automation of report.automations) {
    const base = { automation_id: automation.automationId, automation: automation.name, trigger: automation.trigger };
    rows.push({ ...base, week: "all", currency: report.currency, ...runsRow(automation, money) });
    if (automation.holdout) {
      rows.push({
        ...base,
        week: "all",
        group: "held_out",
        matched: automation.holdout.matched,
        recovered: automation.holdout.recovered,
        recovery_rate: ratio(automation.holdout.recoveryRate),
      });
    }
    for (const week of automation.weeks) {
      rows.push({
        ...base,
        week: week.week,
        group: "runs",
        matched: week.runs,
        recovered: week.recovered,
        recovery_rate: ratio(week.recoveryRate),
        recovered_amount: money(week.recoveredAmount),
        currency: report.currency,
      });
      if (automation.holdout) {
        rows.push({
          ...base,
          week: week.week,
          group: "held_out",
          matched: week.heldOut,
          recovered: week.heldOutRecovered,
          recovery_rate: ratio(week.heldOutRecoveryRate),
        });
      }
    }
  }
  return (
    [COLUMNS.join(","), ...rows.map((row) => COLUMNS.map((column) => cell(row[column])).join(","))].join("\r\n") +
    "\r\n"
  );
}

function runsRow(automation: AutomationOutcomes, money: (minor: number) => string): Row {
  return {
    group: "runs",
    matched: automation.runs,
    recovered: automation.recovered,
    recovery_rate: ratio(automation.recoveryRate),
    recovered_amount: money(automation.recoveredAmount),
    written_off: automation.writtenOff,
    voided: automation.voided,
    canceled: automation.canceled,
    open: automation.open,
    paid_late: automation.paidLate,
    median_hours_to_recover: automation.medianHoursToRecover,
    difference: ratio(automation.difference?.rate),
    difference_ci95_low: ratio(automation.difference?.ci95[0]),
    difference_ci95_high: ratio(automation.difference?.ci95[1]),
  };
}
