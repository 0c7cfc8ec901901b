import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { LinkButton } from "@/components/ui/link-button";
import { Pager } from "@/components/ui/list-page";
import { EmptyState, ErrorMessage, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { listAudit, type AuditFilters as AuditQuery, type AuditPage } from "@/lib/audit/list-audit";
import { requireUser } from "@/lib/auth/current-user";
import { getEngine } from "@/lib/engine/engine";
import { endOfDayIn, startOfDayIn } from "@/lib/format/time";
import { getSettings } from "@/lib/settings/settings";
import { AppError } from "@/lib/errors";
import { firstParam, listPageHrefs, type PageSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Audit log · Billing Automations" };

const PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day picked runs from its midnight to its last moment in the team's time zone; anything else goes as typed. */
function dayBound(day: string | undefined, timeZone: string, end: boolean): string | undefined {
  if (!day || !DAY.test(day)) return day;
  return (end ? endOfDayIn(day, timeZone) : startOfDayIn(day, timeZone)).toISOString();
}

// GET /audit — who changed what and when, newest first; filters in the query string.
export default async function AuditPage({ searchParams }: { searchParams: PageSearchParams }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const query = await searchParams;
  const filters = {
    actor: firstParam(query.actor),
    entity: firstParam(query.entity),
    entityId: firstParam(query.entityId),
    from: firstParam(query.from),
    to: firstParam(query.to),
  };
  const cursor = firstParam(query.cursor);
  const { timeZone } = await getSettings(getEngine().db);

  let page: AuditPage | null = null;
  let error: string | null = null;
  try {
    page = await listAudit(getEngine().db, {
      ...filters,
      entity: filters.entity as AuditQuery["entity"],
      from: dayBound(filters.from, timeZone, false),
      to: dayBound(filters.to, timeZone, true),
      cursor,
      limit: PAGE_SIZE,
    });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }

  const { filtered, firstHref, nextHref } = listPageHrefs("/audit", filters, page?.nextCursor);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, by whom (a person, an API token or the engine) and from where, newest first."
      />
      <AuditFilters values={filters} filtered={filtered} timeZone={timeZone} />
      {error ? (
        <ErrorMessage>
          {error}. <TextLink href="/audit">Show all entries</TextLink>
        </ErrorMessage>
      ) : page && page.entries.length > 0 ? (
        <>
          <AuditTable entries={page.entries} />
          <Pager onFirstPage={!cursor} firstHref={firstHref} nextHref={nextHref} />
        </>
      ) : cursor ? (
        <EmptyState title="No more entries" action={<LinkButton href={firstHref}>Back to the first page</LinkButton>} />
      ) : filtered ? (
        <EmptyState
          title="No entries match these filters"
          action={<LinkButton href="/audit">Clear filters</LinkButton>}
        >
          Try another actor, entity or dates.
        </EmptyState>
      ) : (
        <EmptyState title="Nothing recorded yet">
          Changes to automations, settings, runs, users and tokens appear here as they are made.
        </EmptyState>
      )}
    </>
  );
}
