import type { Metadata } from "next";
import Form from "next/form";
import { RunsTable } from "@/components/runs/runs-table";
import { SubmitButton } from "@/components/ui/button";
import { LinkButton } from "@/components/ui/link-button";
import { EmptyState, ErrorMessage, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { requireAdminSession } from "@/lib/auth/admin-session";
import { listAutomations } from "@/lib/automations/list-automations";
import { TRIGGERS, triggerDefinitions } from "@/lib/automations/triggers";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";
import { firstParam, type PageSearchParams } from "@/lib/http/search-params";
import { listRuns, RUN_STATUSES, type RunFilters } from "@/lib/runs/list-runs";

export const metadata: Metadata = { title: "Runs · Billing Automations" };

const PAGE_SIZE = 25;

const SELECT_CLASSES =
  "mt-1 block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

export default async function RunsPage({ searchParams }: { searchParams: PageSearchParams }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireAdminSession();
  const query = await searchParams;
  const automationId = firstParam(query.automationId);
  const status = firstParam(query.status);
  const cursor = firstParam(query.cursor);
  const engine = getEngine();

  const automations = await listAutomations(engine.db);
  let page: Awaited<ReturnType<typeof listRuns>> | null = null;
  let error: string | null = null;
  try {
    page = await listRuns(engine.db, {
      automationId,
      status: status as RunFilters["status"],
      cursor,
      limit: PAGE_SIZE,
    });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }

  const filtered = Boolean(automationId || status);
  const nextHref = page?.nextCursor
    ? `/runs?${new URLSearchParams({
        ...(automationId ? { automationId } : {}),
        ...(status ? { status } : {}),
        cursor: page.nextCursor,
      }).toString()}`
    : null;
  const firstHref = `/runs${
    filtered
      ? `?${new URLSearchParams({ ...(automationId ? { automationId } : {}), ...(status ? { status } : {}) }).toString()}`
      : ""
  }`;
  const unknownAutomation = automationId && !automations.some((automation) => automation.id === automationId);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every automation run, newest first: each step, its result and its errors."
      />

      <Form
        action="/runs"
        className="mb-6 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-end"
        aria-label="Filter runs"
      >
        <div className="sm:w-72">
          <label htmlFor="filter-automation" className="block text-sm font-medium text-slate-900">
            Automation
          </label>
          <select
            id="filter-automation"
            name="automationId"
            defaultValue={automationId ?? ""}
            className={SELECT_CLASSES}
          >
            <option value="">All automations</option>
            {unknownAutomation ? <option value={automationId}>A deleted automation ({automationId})</option> : null}
            {TRIGGERS.map((trigger) => {
              const ofTrigger = automations.filter((automation) => automation.trigger === trigger);
              if (!ofTrigger.length) return null;
              return (
                <optgroup key={trigger} label={triggerDefinitions[trigger].label}>
                  {ofTrigger.map((automation) => (
                    <option key={automation.id} value={automation.id}>
                      {automation.name}
                      {automation.status === "paused" ? " (paused)" : ""}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </div>
        <div className="sm:w-48">
          <label htmlFor="filter-status" className="block text-sm font-medium text-slate-900">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={status ?? ""} className={SELECT_CLASSES}>
            <option value="">Any status</option>
            {RUN_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-3">
          <SubmitButton variant="secondary" pendingLabel="Filtering…">
            Filter
          </SubmitButton>
          {filtered ? <TextLink href="/runs">Clear filters</TextLink> : null}
        </div>
      </Form>

      {error ? (
        <ErrorMessage>
          {error}. <TextLink href="/runs">Show all runs</TextLink>
        </ErrorMessage>
      ) : page && page.runs.length > 0 ? (
        <>
          <RunsTable runs={page.runs} />
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
            {cursor ? <TextLink href={firstHref}>First page</TextLink> : <span />}
            {nextHref ? <LinkButton href={nextHref}>Next page</LinkButton> : null}
          </nav>
        </>
      ) : cursor ? (
        <EmptyState title="No more runs" action={<LinkButton href={firstHref}>Back to the first page</LinkButton>} />
      ) : filtered ? (
        <EmptyState title="No runs match these filters" action={<LinkButton href="/runs">Clear filters</LinkButton>}>
          Try another automation or status.
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
