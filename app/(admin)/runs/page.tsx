import type { Metadata } from "next";
import { AutomationFilterField } from "@/components/automations/automation-filter-field";
import { RunsTable } from "@/components/runs/runs-table";
import { LinkButton } from "@/components/ui/link-button";
import {
  AmountRangeFields,
  DateRangeFields,
  FILTER_FIELD_CLASSES,
  FilterForm,
  Pager,
  SearchField,
} from "@/components/ui/list-page";
import { EmptyState, ErrorMessage, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { requireUser } from "@/lib/auth/current-user";
import { listAutomations } from "@/lib/automations/list-automations";
import { getEngine } from "@/lib/engine/engine";
import { AppError, invalid } from "@/lib/errors";
import { findParamsOf, firstParam, listPageHrefs, type PageSearchParams } from "@/lib/http/search-params";
import { findFromParams } from "@/lib/search/find";
import { getSettings } from "@/lib/settings/settings";
import { listRuns, RUN_STATUSES, type RunFilters } from "@/lib/runs/list-runs";

export const metadata: Metadata = { title: "Runs · Billing Automations" };

const PAGE_SIZE = 25;

export default async function RunsPage({ searchParams }: { searchParams: PageSearchParams }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const query = await searchParams;
  const automationId = firstParam(query.automationId);
  const status = firstParam(query.status);
  const search = findParamsOf(query);
  const cursor = firstParam(query.cursor);
  const engine = getEngine();

  const [automations, { defaultCurrency, timeZone }] = await Promise.all([
    listAutomations(engine.db),
    getSettings(engine.db),
  ]);
  let page: Awaited<ReturnType<typeof listRuns>> | null = null;
  let error: string | null = null;
  const find = findFromParams(search, defaultCurrency, timeZone);
  try {
    if (!find.ok) throw invalid(find.message);
    page = await listRuns(engine.db, {
      automationId,
      status: status as RunFilters["status"],
      ...find.find,
      cursor,
      limit: PAGE_SIZE,
    });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }

  const { filtered, firstHref, nextHref } = listPageHrefs(
    "/runs",
    { automationId, status, ...search },
    page?.nextCursor,
  );

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every automation run, newest first: each step, its result and its errors."
      />

      <FilterForm action="/runs" label="Filter runs" filtered={filtered}>
        <SearchField
          value={search.q}
          hint="An invoice (in_…), subscription (sub_…), customer (cus_…), event (evt_…) or run id, or a customer's email."
        />
        <AutomationFilterField automations={automations} selected={automationId} />
        <div className="sm:w-48">
          <label htmlFor="filter-status" className="block text-sm font-medium text-slate-900">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={status ?? ""} className={FILTER_FIELD_CLASSES}>
            <option value="">Any status</option>
            {RUN_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <DateRangeFields
          from={search.from}
          to={search.to}
          hint={`Days the run started, in the team's time zone (${timeZone}), both included.`}
        />
        <AmountRangeFields min={search.amountMin} max={search.amountMax} currency={defaultCurrency} />
      </FilterForm>

      {error ? (
        <ErrorMessage>
          {error}. <TextLink href="/runs">Show all runs</TextLink>
        </ErrorMessage>
      ) : page && page.runs.length > 0 ? (
        <>
          <RunsTable runs={page.runs} />
          <Pager onFirstPage={!cursor} firstHref={firstHref} nextHref={nextHref} />
        </>
      ) : cursor ? (
        <EmptyState title="No more runs" action={<LinkButton href={firstHref}>Back to the first page</LinkButton>} />
      ) : filtered ? (
        <EmptyState title="No runs match these filters" action={<LinkButton href="/runs">Clear filters</LinkButton>}>
          Try another automation or status, a wider date or amount range, or check the id or email.
        </EmptyState>
      ) : (
        <EmptyState
          title="No runs yet"
          action={
            <LinkButton href="/events/send" variant="primary">
              Send a test event
            </LinkButton>
          }
        >
          Runs start when a Stripe event matches an automation — send a test event from the Events page.
        </EmptyState>
      )}
    </>
  );
}
