import type { Metadata } from "next";
import { chartWeeks } from "@/components/outcomes/chart-weeks";
import { DownloadCsvButton } from "@/components/outcomes/download-csv-button";
import { rangeInWords } from "@/components/outcomes/format";
import { HoldoutPanel } from "@/components/outcomes/holdout-panel";
import { OutcomeCharts } from "@/components/outcomes/outcome-charts";
import { OutcomesFilters } from "@/components/outcomes/outcomes-filters";
import { OutcomesTable } from "@/components/outcomes/outcomes-table";
import { LinkButton } from "@/components/ui/link-button";
import { EmptyState, ErrorMessage, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { requireUser } from "@/lib/auth/current-user";
import { listAutomations } from "@/lib/automations/list-automations";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";
import { firstParam, listPageHrefs, type PageSearchParams } from "@/lib/http/search-params";
import { RECOVERY_WINDOW_DAYS, triggerRecovers } from "@/lib/outcomes/attribution";
import {
  queryOutcomes,
  type OutcomesFilters as OutcomesQuery,
  type OutcomesReport,
} from "@/lib/outcomes/query-outcomes";

export const metadata: Metadata = { title: "Outcomes · Billing Automations" };

/** Whether anything matched in the range: a run, or a match held out. */
function hasOutcomes(report: OutcomesReport): boolean {
  return (
    report.triggers.some((trigger) => trigger.runs > 0) ||
    report.automations.some((automation) => (automation.holdout?.matched ?? 0) > 0)
  );
}

// GET /outcomes — what each automation recovered over a range, by trigger and by week, and against
// its holdout; filters in the query string, as GET /api/outcomes takes them.
export default async function OutcomesPage({ searchParams }: { searchParams: PageSearchParams }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const query = await searchParams;
  const filters = {
    from: firstParam(query.from),
    to: firstParam(query.to),
    trigger: firstParam(query.trigger),
    automationId: firstParam(query.automationId),
  };
  const engine = getEngine();

  const automations = await listAutomations(engine.db);
  let report: OutcomesReport | null = null;
  let error: string | null = null;
  try {
    report = await queryOutcomes(
      engine.db,
      { ...filters, trigger: filters.trigger as OutcomesQuery["trigger"] },
      engine.now(),
    );
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }

  const { filtered, firstHref } = listPageHrefs("/outcomes", filters, null);
  const apiQuery = firstHref.slice("/outcomes".length);
  const found = report && hasOutcomes(report) ? report : null;
  const currency = report ? ` (${report.currency.toUpperCase()})` : "";
  const windowDays = report?.recoveryWindowDays ?? RECOVERY_WINDOW_DAYS;

  return (
    <>
      <PageHeader
        title="Outcomes"
        description={`Recovered means the invoice was paid while its run was active or within ${windowDays} days after the run ended. Amounts are in the default currency${currency}, converted at the exchange rates in force when each invoice was paid. Weeks are UTC weeks starting on Monday, by when the automation matched.`}
        actions={found ? <DownloadCsvButton report={found} /> : null}
      />
      <OutcomesFilters
        values={filters}
        filtered={filtered}
        automations={automations.map(({ id, name, trigger, status }) => ({ id, name, trigger, status }))}
      />
      {error ? (
        <ErrorMessage>
          {error}. <TextLink href="/outcomes">Show the last 90 days</TextLink>
        </ErrorMessage>
      ) : !report ? null : !found ? (
        <EmptyState
          title="No runs in this range yet"
          action={filtered ? <LinkButton href="/outcomes">Clear filters</LinkButton> : undefined}
        >
          {`${rangeInWords(report.from, report.to)}: no Stripe event matched ${
            filters.automationId
              ? "this automation"
              : filters.trigger
                ? "an automation of this trigger"
                : "an automation"
          }. Runs and their outcomes appear here as events match; try a longer range${filtered ? " or other filters" : ""}.`}
        </EmptyState>
      ) : (
        <OutcomesView report={found} apiQuery={apiQuery} />
      )}
    </>
  );
}

function OutcomesView({ report, apiQuery }: { report: OutcomesReport; apiQuery: string }) {
  const triggers = report.triggers
    .map((trigger) => ({
      trigger,
      automations: report.automations.filter((automation) => automation.trigger === trigger.trigger),
    }))
    .filter(({ automations }) => automations.length > 0);
  const holdouts = report.automations.filter((automation) => automation.holdout);
  return (
    <div className="space-y-10">
      <p className="text-sm text-slate-600">{rangeInWords(report.from, report.to)}.</p>
      {triggers.map(({ trigger, automations }) => {
        const recovers = triggerRecovers(trigger.trigger);
        const headingId = `outcomes-${trigger.trigger}`;
        return (
          <section key={trigger.trigger} aria-labelledby={headingId} className="min-w-0">
            <h2 id={headingId} className="text-lg font-semibold text-slate-900">
              {trigger.label}
            </h2>
            {!recovers ? (
              <p className="mt-0.5 text-sm text-slate-600">
                A canceled subscription has nothing left to collect: its runs are counted, nothing is recovered.
              </p>
            ) : null}
            <div className="mt-3">
              <OutcomesTable
                trigger={trigger}
                automations={automations}
                currency={report.currency}
                recovers={recovers}
              />
            </div>
          </section>
        );
      })}
      {holdouts.length > 0 ? (
        <section aria-labelledby="outcomes-holdout" className="min-w-0">
          <h2 id="outcomes-holdout" className="text-lg font-semibold text-slate-900">
            Holdout
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            What each automation recovers, against the matches it held out, which Stripe&apos;s default settings handled
            alone.
          </p>
          <div className="mt-3 grid gap-4 lg:grid-cols-2">
            {holdouts.map((automation) => (
              <HoldoutPanel
                key={automation.automationId}
                automation={automation}
                recovers={triggerRecovers(automation.trigger)}
              />
            ))}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="outcomes-by-week" className="min-w-0">
        <h2 id="outcomes-by-week" className="text-lg font-semibold text-slate-900">
          By week
        </h2>
        <p className="mt-0.5 mb-3 text-sm text-slate-600">
          Rates count the runs that had an invoice to recover; each week is the one its runs matched in.
        </p>
        <OutcomeCharts weeks={chartWeeks(report)} currency={report.currency} />
      </section>
      <p className="text-xs text-slate-500">
        The same report from the API, with an API token: <code className="break-all">GET /api/outcomes{apiQuery}</code>{" "}
        as JSON, <code className="break-all">GET /api/outcomes/export{apiQuery}</code> as CSV.
      </p>
    </div>
  );
}
