import type { Metadata } from "next";
import { automationNames } from "@/components/events/automation-names";
import { EventsTable } from "@/components/events/events-table";
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
import { getEngine } from "@/lib/engine/engine";
import { AppError, invalid } from "@/lib/errors";
import { findParamsOf, firstParam, listPageHrefs, type PageSearchParams } from "@/lib/http/search-params";
import { findFromParams } from "@/lib/search/find";
import { getSettings } from "@/lib/settings/settings";
import { listEvents } from "@/lib/events/list-events";
import { HANDLED_EVENT_TYPES } from "@/lib/events/stripe-event";

export const metadata: Metadata = { title: "Events · Billing Automations" };

const PAGE_SIZE = 25;

export default async function EventsPage({ searchParams }: { searchParams: PageSearchParams }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const query = await searchParams;
  const type = firstParam(query.type);
  const objectId = firstParam(query.objectId);
  const search = findParamsOf(query);
  const cursor = firstParam(query.cursor);
  const engine = getEngine();
  const { defaultCurrency, timeZone } = await getSettings(engine.db);

  let page: Awaited<ReturnType<typeof listEvents>> | null = null;
  let error: string | null = null;
  const find = findFromParams(search, defaultCurrency, timeZone);
  try {
    if (!find.ok) throw invalid(find.message);
    page = await listEvents(engine.db, { type, objectId, ...find.find, cursor, limit: PAGE_SIZE });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }
  const names = await automationNames(
    engine.db,
    (page?.events ?? []).flatMap((event) => event.evaluations.flatMap((e) => e.matchedAutomationId ?? [])),
  );

  const { filtered, firstHref, nextHref } = listPageHrefs("/events", { type, objectId, ...search }, page?.nextCursor);

  return (
    <>
      <PageHeader
        title="Events"
        description="Stripe events as they arrived, newest first, and what each one started."
        actions={
          <LinkButton href="/events/send" variant="primary">
            Send test event
          </LinkButton>
        }
      />

      <FilterForm action="/events" label="Filter events" filtered={filtered}>
        <SearchField
          value={search.q}
          hint="An invoice (in_…), subscription (sub_…), customer (cus_…) or event (evt_…) id, or a customer's email."
        />
        <div className="sm:w-64">
          <label htmlFor="filter-type" className="block text-sm font-medium text-slate-900">
            Type
          </label>
          <select id="filter-type" name="type" defaultValue={type ?? ""} className={FILTER_FIELD_CLASSES}>
            <option value="">Any type</option>
            {HANDLED_EVENT_TYPES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="sm:w-64">
          <label htmlFor="filter-object" className="block text-sm font-medium text-slate-900">
            Object id
          </label>
          <input
            id="filter-object"
            name="objectId"
            type="search"
            defaultValue={objectId ?? ""}
            placeholder="in_… or sub_…"
            autoComplete="off"
            spellCheck={false}
            className={`${FILTER_FIELD_CLASSES} font-mono`}
          />
        </div>
        <DateRangeFields
          from={search.from}
          to={search.to}
          hint={`Days the event was received, in the team's time zone (${timeZone}), both included.`}
        />
        <AmountRangeFields min={search.amountMin} max={search.amountMax} currency={defaultCurrency} />
      </FilterForm>

      {error ? (
        <ErrorMessage>
          {error}. <TextLink href="/events">Show all events</TextLink>
        </ErrorMessage>
      ) : page && page.events.length > 0 ? (
        <>
          <EventsTable events={page.events} automationNames={names} />
          <Pager onFirstPage={!cursor} firstHref={firstHref} nextHref={nextHref} />
        </>
      ) : cursor ? (
        <EmptyState title="No more events" action={<LinkButton href={firstHref}>Back to the first page</LinkButton>} />
      ) : filtered ? (
        <EmptyState
          title="No events match these filters"
          action={<LinkButton href="/events">Clear filters</LinkButton>}
        >
          Try another type, a wider date or amount range, or check the id or email.
        </EmptyState>
      ) : (
        <EmptyState
          title="No events yet"
          action={
            <LinkButton href="/events/send" variant="primary">
              Send a test event
            </LinkButton>
          }
        >
          Events appear here when Stripe delivers them to /api/webhooks/stripe. To see the engine at work now, send a
          test event.
        </EmptyState>
      )}
    </>
  );
}
