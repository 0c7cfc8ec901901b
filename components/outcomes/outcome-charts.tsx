"use client";

import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatMoney, minorUnitExponent } from "@/lib/money/money";
import type { ChartWeek } from "./chart-weeks";
import { percent, shortWeek } from "./format";

// Tailwind's indigo-600, amber-600, slate-500, slate-200 and slate-600: the app's colours, in the SVG.
const WITH_COLOUR = "#4f46e5";
const HELD_OUT_COLOUR = "#d97706";
const RUNS_COLOUR = "#64748b";
const GRID_COLOUR = "#e2e8f0";
const TICK = { fontSize: 12, fill: "#475569" };
const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };

/** The week whose value is largest (the first of equals), for a chart's summary. */
function peak(weeks: ChartWeek[], value: (week: ChartWeek) => number): ChartWeek | undefined {
  return weeks.reduce<ChartWeek | undefined>(
    (best, week) => (!best || value(week) > value(best) ? week : best),
    undefined,
  );
}

const span = (weeks: ChartWeek[]) =>
  weeks.length === 1 ? `the week of ${weeks[0]!.week}` : `the weeks of ${weeks[0]!.week} to ${weeks.at(-1)!.week}`;

/**
 * One chart: its heading, the drawing (an image to assistive technology, named by a summary of what
 * it shows), and its figures as a table for whoever cannot see it or wants the numbers.
 */
function ChartFrame({
  id,
  title,
  summary,
  chart,
  columns,
  rows,
}: {
  id: string;
  title: string;
  summary: string;
  chart: ReactNode;
  columns: string[];
  rows: Array<{ week: string; cells: string[] }>;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </h3>
      {/* ResponsiveContainer takes its parent's size: the parent's height is set, or it draws nothing.
          The drawing itself is hidden from assistive technology: the summary and the table say it. */}
      <div role="img" aria-label={summary} className="mt-3 h-56 w-full min-w-0">
        <div aria-hidden="true" className="h-full w-full">
          {chart}
        </div>
      </div>
      <details className="mt-2">
        <summary className="cursor-pointer text-xs font-medium text-indigo-700 focus-visible:rounded focus-visible:outline-2 focus-visible:outline-indigo-600">
          Figures by week
        </summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">{title}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Week of (Monday)
                </th>
                {columns.map((column) => (
                  <th key={column} scope="col" className="py-1 pr-3 text-right font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 text-slate-800 tabular-nums">
              {rows.map((row) => (
                <tr key={row.week}>
                  <th scope="row" className="py-1 pr-3 font-normal whitespace-nowrap">
                    {row.week}
                  </th>
                  {row.cells.map((cell, index) => (
                    <td key={columns[index]} className="py-1 pr-3 text-right whitespace-nowrap">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** "$1.2K" on an axis, where a full amount would not fit. */
function compactMoneyFormat(currency: string): (minor: number) => string {
  const major = (minor: number) => minor / 10 ** minorUnitExponent(currency);
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact" });
    return (minor) => format.format(major(minor));
  } catch {
    // Intl refuses a malformed code: the number alone, as formatMoney does.
    return (minor) => String(major(minor));
  }
}

const rateOrNone = (rate: number | null) => (rate === null ? "—" : percent(rate));
const sum = (weeks: ChartWeek[], value: (week: ChartWeek) => number) =>
  weeks.reduce((total, week) => total + value(week), 0);

/** The outcomes by week: recovery rate (and the held-out rate), amount recovered, runs. */
export function OutcomeCharts({ weeks, currency }: { weeks: ChartWeek[]; currency: string }) {
  if (weeks.length === 0) return null;
  const heldOut = weeks.some((week) => week.heldOut > 0);
  const invoiceRuns = sum(weeks, (week) => week.invoiceRuns);
  const recovered = sum(weeks, (week) => week.recovered);
  const heldOutMatches = sum(weeks, (week) => week.heldOut);
  const heldOutRecovered = sum(weeks, (week) => week.heldOutRecovered);
  const amount = sum(weeks, (week) => week.recoveredAmount);
  const runs = sum(weeks, (week) => week.runs);
  const money = (minor: number) => formatMoney(minor, currency);
  const axisMoney = compactMoneyFormat(currency);

  const rateData = weeks.map((week) => ({
    week: week.week,
    rate: week.recoveryRate === null ? null : week.recoveryRate * 100,
    heldOutRate: week.heldOutRecoveryRate === null ? null : week.heldOutRecoveryRate * 100,
  }));
  const mostAmount = peak(weeks, (week) => week.recoveredAmount);
  const mostRuns = peak(weeks, (week) => week.runs);

  const rateSummary =
    invoiceRuns + heldOutMatches === 0
      ? `Recovery rate by week, ${span(weeks)}: no run had an invoice to recover.`
      : [
          `Recovery rate by week, ${span(weeks)}.`,
          invoiceRuns > 0
            ? `Runs: ${percent(recovered / invoiceRuns)} recovered over the range (${recovered} of ${invoiceRuns}).`
            : "Runs: none.",
          heldOut
            ? `Held out: ${percent(heldOutRecovered / heldOutMatches)} recovered (${heldOutRecovered} of ${heldOutMatches}).`
            : "",
        ]
          .filter(Boolean)
          .join(" ");
  const amountSummary =
    amount > 0 && mostAmount
      ? `Amount recovered by week, ${span(weeks)}: ${money(amount)} in all; the most, ${money(mostAmount.recoveredAmount)}, in the week of ${mostAmount.week}.`
      : `Amount recovered by week, ${span(weeks)}: nothing recovered.`;
  const runsSummary =
    runs > 0 && mostRuns
      ? `Runs by week, ${span(weeks)}: ${runs} in all; the most, ${mostRuns.runs}, in the week of ${mostRuns.week}.`
      : `Runs by week, ${span(weeks)}: none.`;

  const xAxis = <XAxis dataKey="week" tickFormatter={shortWeek} tick={TICK} tickLine={false} minTickGap={12} />;
  const grid = <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID_COLOUR} />;
  const weekLabel = (label: unknown) => `Week of ${String(label)}`;

  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-3">
      <ChartFrame
        id="chart-recovery-rate"
        title="Recovery rate by week"
        summary={rateSummary}
        columns={
          heldOut
            ? ["Runs", "Recovered", "Rate", "Held out", "Held out, recovered", "Held-out rate"]
            : ["Runs", "Recovered", "Rate"]
        }
        rows={weeks.map((week) => ({
          week: week.week,
          cells: [
            String(week.invoiceRuns),
            String(week.recovered),
            rateOrNone(week.recoveryRate),
            ...(heldOut
              ? [String(week.heldOut), String(week.heldOutRecovered), rateOrNone(week.heldOutRecoveryRate)]
              : []),
          ],
        }))}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rateData} margin={MARGIN} accessibilityLayer={false}>
              {grid}
              {xAxis}
              <YAxis
                domain={[0, 100]}
                ticks={[0, 25, 50, 75, 100]}
                tickFormatter={(value: number) => `${value} %`}
                tick={TICK}
                width={52}
              />
              <Tooltip
                labelFormatter={weekLabel}
                formatter={(value) => (typeof value === "number" ? percent(value / 100) : "—")}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line
                type="linear"
                dataKey="rate"
                name="Runs"
                stroke={WITH_COLOUR}
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
              {heldOut ? (
                <Line
                  type="linear"
                  dataKey="heldOutRate"
                  name="Held out"
                  stroke={HELD_OUT_COLOUR}
                  strokeWidth={2}
                  strokeDasharray="5 3"
                  dot={{ r: 3, strokeDasharray: "none" }}
                  isAnimationActive={false}
                />
              ) : null}
            </LineChart>
          </ResponsiveContainer>
        }
      />
      <ChartFrame
        id="chart-amount-recovered"
        title="Amount recovered by week"
        summary={amountSummary}
        columns={["Recovered"]}
        rows={weeks.map((week) => ({ week: week.week, cells: [money(week.recoveredAmount)] }))}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={weeks} margin={MARGIN} accessibilityLayer={false}>
              {grid}
              {xAxis}
              <YAxis tickFormatter={axisMoney} tick={TICK} width={52} allowDecimals={false} />
              <Tooltip
                labelFormatter={weekLabel}
                formatter={(value) => (typeof value === "number" ? money(value) : "—")}
              />
              <Bar
                dataKey="recoveredAmount"
                name="Recovered"
                fill={WITH_COLOUR}
                radius={[3, 3, 0, 0]}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        }
      />
      <ChartFrame
        id="chart-runs"
        title="Runs by week"
        summary={runsSummary}
        columns={["Runs"]}
        rows={weeks.map((week) => ({ week: week.week, cells: [String(week.runs)] }))}
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={weeks} margin={MARGIN} accessibilityLayer={false}>
              {grid}
              {xAxis}
              <YAxis tick={TICK} width={36} allowDecimals={false} />
              <Tooltip labelFormatter={weekLabel} />
              <Bar dataKey="runs" name="Runs" fill={RUNS_COLOUR} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        }
      />
    </div>
  );
}
