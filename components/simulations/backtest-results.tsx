"use client";

import { useId, useMemo, useState } from "react";
import { TextLink } from "@/components/ui/text-link";
import { formatMoney } from "@/lib/money/money";
import type { Backtest, BacktestResult } from "@/lib/simulations/backtest";
import { actionLabel } from "@/lib/steps";
import { triggerLabel } from "@/lib/triggers";

const dayAndTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function actualName(result: BacktestResult): string {
  if ("notEvaluated" in result.actual) return "not checked";
  return result.actual.automationId ? `“${result.actual.name ?? result.actual.automationId}”` : "no match";
}

/**
 * A backtest as a table a person scans: each event with what happened beside what would happen,
 * the ones that change hands first-class (a filter shows only them), and the summary above.
 */
export function BacktestResults({ backtest, caption }: { backtest: Backtest; caption: string }) {
  const filterId = useId();
  const [onlyChanged, setOnlyChanged] = useState(backtest.summary.changed > 0);
  const [query, setQuery] = useState("");
  const { summary } = backtest;
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return backtest.results.filter(
      (result) =>
        (!onlyChanged || result.changed) &&
        (needle === "" ||
          [result.eventId, result.objectId, actualName(result), result.simulated.name ?? "no match"]
            .join(" ")
            .toLowerCase()
            .includes(needle)),
    );
  }, [backtest.results, onlyChanged, query]);
  const money = (minor: number) => formatMoney(minor, summary.amountAtStake.currency);
  const reads = summary.stripeReads.customer + summary.stripeReads.subscription + summary.stripeReads.paymentFailure;

  return (
    <div className="mt-4 space-y-3">
      <p role="status" className="text-sm text-slate-800">
        {summary.checks === 0
          ? `No event in ${summary.window ? `${summary.window.from.slice(0, 10)} – ${summary.window.to.slice(0, 10)}` : "the selection"} fired this trigger.`
          : `${summary.checks} ${summary.checks === 1 ? "event" : "events"} replayed: ${summary.changed} would change hands (${money(summary.amountAtStake.changed)} due), ${money(summary.amountAtStake.matched)} due on those any automation would take.`}
        {reads > 0 ? ` ${reads} Stripe ${reads === 1 ? "read" : "reads"} for facts the events lacked.` : ""}
      </p>
      {summary.checks > 0 ? (
        <>
          <div className="flex flex-wrap items-center gap-4">
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                checked={onlyChanged}
                onChange={(event) => setOnlyChanged(event.target.checked)}
                className="size-4 accent-indigo-600"
              />
              Only events that change hands
            </label>
            <label htmlFor={filterId} className="sr-only">
              Filter the events
            </label>
            <input
              id={filterId}
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Filter by event, invoice or automation"
              className="w-full max-w-xs rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
          </div>
          <div className="max-h-96 overflow-auto rounded-md ring-1 ring-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">{caption}</caption>
              <thead className="sticky top-0 bg-slate-50 text-left text-xs font-semibold text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Event
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Happened
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Would happen
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Amount due
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {rows.map((result) => (
                  <tr
                    key={`${result.eventId}:${result.trigger}`}
                    className={result.changed ? "bg-amber-50" : undefined}
                  >
                    <td className="px-3 py-2 align-top">
                      <TextLink href={`/events/${encodeURIComponent(result.eventId)}`} className="font-mono text-xs">
                        {result.objectId}
                      </TextLink>
                      <span className="block text-xs text-slate-500">
                        {triggerLabel(result.trigger)} · {dayAndTime(result.receivedAt)}
                      </span>
                    </td>
                    <td className="px-3 py-2 align-top text-slate-800">{actualName(result)}</td>
                    <td className="px-3 py-2 align-top text-slate-800">
                      {result.simulated.name ? `“${result.simulated.name}”` : "no match"}
                      {result.changed ? (
                        <span className="ml-1 text-xs font-semibold text-amber-800">changes</span>
                      ) : null}
                      {result.simulated.steps.length ? (
                        <span className="block text-xs text-slate-500">
                          {result.simulated.steps
                            .map((step) => `${actionLabel(step.action)} ${dayAndTime(step.dueAt)}`)
                            .join(" · ")}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 text-right align-top text-slate-800 tabular-nums">
                      {result.amount === null ? "—" : money(result.amount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 ? <p className="p-3 text-sm text-slate-600">No event matches the filter.</p> : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
