"use client";

import { useId, useState, useTransition } from "react";
import { useAutomationActions } from "@/components/automations/automation-actions";
import { inputClasses, selectClasses } from "@/components/automations/form-controls";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/page";
import type { AutomationInput } from "@/lib/automations/schema";
import type { Backtest } from "@/lib/simulations/backtest";
import type { Timeline } from "@/lib/simulations/timeline";
import { triggerDefinitions } from "@/lib/triggers";
import { BacktestResults } from "./backtest-results";
import { TimelineView } from "./timeline-view";

const OUTCOMES = ["never", "1", "2", "3", "4", "5"] as const;

/**
 * What the automation as it stands in the editor would do, before it is saved: against the last 30
 * days of events (in its place in the live order), and for one invoice over virtual time.
 * Nothing is written or sent.
 */
export function DraftSimulations({
  automationId,
  draft,
}: {
  automationId: string | null;
  draft: AutomationInput | null;
}) {
  const actions = useAutomationActions();
  const ids = useId();
  const [backtest, setBacktest] = useState<Backtest | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [invoice, setInvoice] = useState("");
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>("never");
  const [error, setError] = useState<{ where: "backtest" | "timeline"; message: string } | null>(null);
  const [simulating, startSimulating] = useTransition();
  const [tracing, startTracing] = useTransition();
  const invoiceTrigger = draft ? triggerDefinitions[draft.trigger].objectType === "invoice" : true;
  const entry = draft ? { ...draft, ...(automationId ? { id: automationId } : {}) } : null;

  function simulate() {
    if (!draft) return;
    setError(null);
    startSimulating(async () => {
      const result = await actions.simulateDraft(automationId, draft);
      if (result.ok) setBacktest(result.data);
      else setError({ where: "backtest", message: result.error });
    });
  }

  function trace() {
    if (!entry) return;
    setError(null);
    startTracing(async () => {
      const result = await actions.timeline({
        automation: entry,
        invoice: invoice.trim(),
        outcome: { paysAtAttempt: outcome === "never" ? null : Number(outcome) },
      });
      if (result.ok) setTimeline(result.data);
      else setError({ where: "timeline", message: result.error });
    });
  }

  return (
    <section aria-labelledby={`${ids}-title`} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id={`${ids}-title`} className="text-base font-semibold text-slate-900">
        Know before it goes live
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        See what this automation, as it stands here, would do — nothing is saved, sent or written to Stripe.
        {draft ? "" : " Fix the form above first."}
      </p>

      <div className="mt-4">
        <h3 className="text-sm font-semibold text-slate-900">On the last 30 days of events</h3>
        <p className="mt-1 text-sm text-slate-600">
          Each past event of its trigger, matched against the live automations with this one in its place.
        </p>
        <Button
          type="button"
          variant="secondary"
          className="mt-2"
          onClick={simulate}
          disabled={!draft}
          pending={simulating}
          pendingLabel="Simulating…"
        >
          Simulate
        </Button>
        {error?.where === "backtest" ? <ErrorMessage>{error.message}</ErrorMessage> : null}
        {backtest ? (
          <BacktestResults backtest={backtest} caption="What past events would have done with this automation" />
        ) : null}
      </div>

      <div className="mt-6 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-semibold text-slate-900">Test clock: one invoice over time</h3>
        {invoiceTrigger ? (
          <>
            <p className="mt-1 text-sm text-slate-600">
              The whole path for one invoice: each step&apos;s time, the Stripe call or email it would make, and where
              it ends — as if the customer paid at the retry you pick, or never.
            </p>
            <div className="mt-2 flex flex-wrap items-end gap-3">
              <div>
                <label htmlFor={`${ids}-invoice`} className="block text-sm font-medium text-slate-900">
                  Invoice id
                </label>
                <input
                  id={`${ids}-invoice`}
                  value={invoice}
                  onChange={(event) => setInvoice(event.target.value)}
                  placeholder="in_…"
                  autoComplete="off"
                  spellCheck={false}
                  className={inputClasses(false, "font-mono", "w-64")}
                />
              </div>
              <div>
                <label htmlFor={`${ids}-outcome`} className="block text-sm font-medium text-slate-900">
                  The customer pays
                </label>
                <select
                  id={`${ids}-outcome`}
                  value={outcome}
                  onChange={(event) => setOutcome(event.target.value as (typeof OUTCOMES)[number])}
                  className={selectClasses(false, "", "w-48")}
                >
                  {OUTCOMES.map((option) => (
                    <option key={option} value={option}>
                      {option === "never" ? "never" : `at retry ${option}`}
                    </option>
                  ))}
                </select>
              </div>
              <Button
                type="button"
                variant="secondary"
                onClick={trace}
                disabled={!draft || invoice.trim() === ""}
                pending={tracing}
                pendingLabel="Following…"
              >
                Show the path
              </Button>
            </div>
            {error?.where === "timeline" ? <ErrorMessage>{error.message}</ErrorMessage> : null}
            {timeline ? <TimelineView timeline={timeline} /> : null}
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-600">
            Its runs belong to a subscription: there is no invoice path to follow.
          </p>
        )}
      </div>
    </section>
  );
}
