import type { Metadata } from "next";
import Form from "next/form";
import { automationNames } from "@/components/events/automation-names";
import { EventsTable } from "@/components/events/events-table";
import { SubmitButton } from "@/components/ui/button";
import { LinkButton } from "@/components/ui/link-button";
import { EmptyState, ErrorMessage, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { requireAdminSession } from "@/lib/auth/admin-session";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";
import { firstParam, type PageSearchParams } from "@/lib/http/search-params";
import { listEvents } from "@/lib/events/list-events";
import { HANDLED_EVENT_TYPES } from "@/lib/events/stripe-event";

export const metadata: Metadata = { title: "Events · Billing Automations" };

const PAGE_SIZE = 25;

const FIELD_CLASSES =
  "mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

export default async function EventsPage({ searchParams }: { searchParams: PageSearchParams }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireAdminSession();
  const query = await searchParams;
  const type = firstParam(query.type);
  const objectId = firstParam(query.objectId);
  const cursor = firstParam(query.cursor);
  const engine = getEngine();

  let page: Awaited<ReturnType<typeof listEvents>> | null = null;
  let error: string | null = null;
  try {
    page = await listEvents(engine.db, { type, objectId, cursor, limit: PAGE_SIZE });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }
  const names = await automationNames(
    engine.db,
    (page?.events ?? []).flatMap((event) => event.evaluations.flatMap((e) => e.matchedAutomationId ?? [])),
  );

  const filters = { ...(type ? { type } : {}), ...(objectId ? { objectId } : {}) };
  const filtered = Object.keys(filters).length > 0;
  const firstHref = filtered ? `/events?${new URLSearchParams(filters).toString()}` : "/events";
  const nextHref = page?.nextCursor
    ? `/events?${new URLSearchParams({ ...filters, cursor: page.nextCursor }).toString()}`
    : null;

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

      <Form
        action="/events"
        aria-label="Filter events"
        className="mb-6 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-end"
      >
        <div className="sm:w-64">
          <label htmlFor="filter-type" className="block text-sm font-medium text-slate-900">
            Type
          </label>
          <select id="filter-type" name="type" defaultValue={type ?? ""} className={FIELD_CLASSES}>
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
            className={`${FIELD_CLASSES} font-mono`}
          />
        </div>
        <div className="flex items-center gap-3">
          <SubmitButton variant="secondary" pendingLabel="Filtering…">
            Filter
          </SubmitButton>
          {filtered ? <TextLink href="/events">Clear filters</TextLink> : null}
        </div>
      </Form>

      {error ? (
        <ErrorMessage>
          {error}. <TextLink href="/events">Show all events</TextLink>
        </ErrorMessage>
      ) : page && page.events.length > 0 ? (
        <>
          <EventsTable events={page.events} automationNames={names} />
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
            {cursor ? <TextLink href={firstHref}>First page</TextLink> : <span />}
            {nextHref ? <LinkButton href={nextHref}>Next page</LinkButton> : null}
          </nav>
        </>
      ) : cursor ? (
        <EmptyState title="No more events" action={<LinkButton href={firstHref}>Back to the first page</LinkButton>} />
      ) : filtered ? (
        <EmptyState
          title="No events match these filters"
          action={<LinkButton href="/events">Clear filters</LinkButton>}
        >
          Try another type, or check the object id.
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
