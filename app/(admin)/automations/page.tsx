import type { Metadata } from "next";
import Link from "next/link";
import { AutomationSummary } from "@/components/automations/automation-summary";
import { NewAutomationButton } from "@/components/automations/new-automation-button";
import { TransferButtons } from "@/components/automations/transfer-buttons";
import { StatusSwitch } from "@/components/automations/status-switch";
import { UpdatePriorityButton } from "@/components/automations/update-priority-button";
import { AutomationSelection, SelectAutomation } from "@/components/automations/automation-selection";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/link-button";
import { FilterForm, SearchField } from "@/components/ui/list-page";
import { Card, EmptyState, PageHeader } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { activityOf, getAutomationActivity, type AutomationActivity } from "@/lib/automations/automation-activity";
import { unrunnableAutomations } from "@/lib/automations/check-runnable";
import { listAutomations } from "@/lib/automations/list-automations";
import type { AutomationRecord } from "@/lib/automations/serialize-automation";
import { TRIGGERS, triggerDefinitions, type Trigger } from "@/lib/triggers";
import { getEngine } from "@/lib/engine/engine";
import type { AppErrorIssue } from "@/lib/errors";
import { getSettings } from "@/lib/settings/settings";
import { automationMatches } from "@/lib/automations/search-automations";
import { firstParam, type PageSearchParams } from "@/lib/http/search-params";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Automations · Billing Automations" };

// GET /automations — every automation, grouped by trigger, in priority order, with its activity;
// ?q= keeps those whose name, trigger, conditions or steps say it.
export default async function AutomationsPage({ searchParams }: { searchParams: PageSearchParams }) {
  await requireUser();
  const q = firstParam((await searchParams).q);
  const engine = getEngine();
  const { db } = engine;
  const [automations, settings, unrunnable] = await Promise.all([
    listAutomations(db),
    getSettings(db),
    unrunnableAutomations(engine),
  ]);
  const shown = q
    ? automations.filter((automation) => automationMatches(automation, q, settings.defaultCurrency))
    : automations;
  const cannotRun = Object.fromEntries(unrunnable.map((automation) => [automation.id, automation.issues]));
  const activity = await getAutomationActivity(
    db,
    automations.map((automation) => automation.id),
  );

  return (
    <>
      <PageHeader
        title="Automations"
        description="When a trigger fires, its active automations are checked from the top down and the first whose conditions hold runs. If none matches, Stripe's own settings apply."
        actions={
          <>
            <TransferButtons />
            <NewAutomationButton />
          </>
        }
      />
      {automations.length === 0 ? (
        <EmptyState title="No automations yet" action={<NewAutomationButton shortcut={false} />}>
          <p>
            An automation picks a trigger (say, a subscription payment fails), optional conditions, and steps such as
            retries, emails and write-offs. Create the first one, or press <kbd className="font-sans">N</kbd>.
          </p>
        </EmptyState>
      ) : (
        <>
          <FilterForm action="/automations" label="Search automations" filtered={q !== undefined}>
            <SearchField
              value={q}
              wide
              placeholder="A name, a trigger, a condition or a step"
              hint="Keeps the automations whose name, trigger, conditions or steps say every word typed."
            />
          </FilterForm>
          {q && shown.length === 0 ? (
            <EmptyState
              title={`No automation says “${q}”`}
              action={<LinkButton href="/automations">Show every automation</LinkButton>}
            >
              The search looks in names, triggers, conditions and steps.
            </EmptyState>
          ) : (
            <AutomationSelection>
              <div className="space-y-10">
                {TRIGGERS.filter((trigger) => !q || shown.some((automation) => automation.trigger === trigger)).map(
                  (trigger) => (
                    <TriggerGroup
                      key={trigger}
                      trigger={trigger}
                      automations={automations.filter((automation) => automation.trigger === trigger)}
                      shown={q ? new Set(shown.map((automation) => automation.id)) : null}
                      activity={activity}
                      currency={settings.defaultCurrency}
                      cannotRun={cannotRun}
                    />
                  ),
                )}
              </div>
            </AutomationSelection>
          )}
        </>
      )}
    </>
  );
}

function TriggerGroup({
  trigger,
  automations,
  shown,
  activity,
  currency,
  cannotRun,
}: {
  trigger: Trigger;
  automations: AutomationRecord[];
  /** The ids a search kept (null: no search); the others are left out, positions stay true. */
  shown: ReadonlySet<string> | null;
  activity: Record<string, AutomationActivity>;
  currency: string;
  cannotRun: Record<string, AppErrorIssue[]>;
}) {
  const { label, description } = triggerDefinitions[trigger];
  const headingId = `trigger-${trigger}`;
  return (
    <section aria-labelledby={headingId}>
      <div className="mb-3 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold text-slate-900">
            {label}
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">{description}</p>
        </div>
        {automations.length > 1 ? (
          <div className="shrink-0">
            <UpdatePriorityButton
              trigger={trigger}
              label={`Update priority of ${label}`}
              items={automations.map(({ id, name, status }) => ({ id, name, status }))}
            />
          </div>
        ) : null}
      </div>
      {automations.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-4 text-sm text-slate-600">
          No automations on this trigger: when it fires, Stripe&apos;s own settings apply.{" "}
          <Link
            href={`/automations/new?trigger=${trigger}`}
            className="font-semibold text-indigo-700 underline-offset-2 hover:underline"
            aria-label={`Add an automation to ${label}`}
          >
            Add one
          </Link>
        </p>
      ) : (
        <Card>
          <ol className="divide-y divide-slate-200">
            {automations.map((automation, index) =>
              shown && !shown.has(automation.id) ? null : (
                <AutomationRow
                  key={automation.id}
                  automation={automation}
                  position={index + 1}
                  activity={activityOf(activity, automation.id)}
                  currency={currency}
                  cannotRun={cannotRun[automation.id] ?? []}
                />
              ),
            )}
          </ol>
        </Card>
      )}
    </section>
  );
}

function AutomationRow({
  automation,
  position,
  activity,
  currency,
  cannotRun,
}: {
  automation: AutomationRecord;
  position: number;
  activity: AutomationActivity;
  currency: string;
  /** Why its steps cannot run with the server's configuration now (empty: they can). */
  cannotRun: AppErrorIssue[];
}) {
  const paused = automation.status === "paused";
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:gap-6 sm:px-5">
      <div className="flex min-w-0 flex-1 gap-3">
        <SelectAutomation id={automation.id} name={automation.name} status={paused ? "paused" : "active"} />
        <span
          aria-hidden="true"
          className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700 tabular-nums"
        >
          {position}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="sr-only">{`Priority ${position}: `}</span>
            <Link
              href={`/automations/${automation.id}`}
              className="font-semibold break-words text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              {automation.name}
            </Link>
            {paused ? <Badge>Paused</Badge> : null}
            {automation.shadow ? <Badge tone="indigo">In shadow</Badge> : null}
            {automation.holdoutPercent > 0 ? <Badge tone="blue">Holds out {automation.holdoutPercent} %</Badge> : null}
          </div>
          <AutomationSummary conditions={automation.conditions} steps={automation.steps} currency={currency} />
          {cannotRun.length ? (
            <p
              role="note"
              className="mt-2 rounded-md bg-red-50 p-2 text-sm break-words text-red-800 ring-1 ring-red-200"
            >
              <span className="font-semibold">Cannot run with this server&apos;s configuration:</span>{" "}
              {cannotRun.map((issue) => issue.message).join("; ")}
            </p>
          ) : null}
        </div>
      </div>
      <div className="flex shrink-0 items-start justify-between gap-4 pl-9 sm:w-52 sm:flex-col-reverse sm:items-end sm:gap-2 sm:pl-0">
        <dl className="text-xs text-slate-600 sm:text-right">
          <div>
            <dt className="inline">In progress: </dt>
            <dd className="inline font-medium text-slate-800">
              {activity.runsInProgress === 0 ? (
                "none"
              ) : (
                <Link
                  href={`/runs?automationId=${automation.id}&status=running`}
                  className="text-indigo-700 underline-offset-2 hover:underline"
                >
                  {`${activity.runsInProgress} ${activity.runsInProgress === 1 ? "run" : "runs"}`}
                </Link>
              )}
            </dd>
          </div>
          <div>
            <dt className="inline">Last run: </dt>
            <dd className="inline">{activity.lastRunAt ? <RelativeTime value={activity.lastRunAt} /> : "never"}</dd>
          </div>
        </dl>
        <StatusSwitch id={automation.id} name={automation.name} status={automation.status} />
      </div>
    </li>
  );
}
