import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { automationNames } from "@/components/events/automation-names";
import { duplicatesInWords, EventSourceBadge, EventStatusBadge } from "@/components/events/event-status";
import { MatchTraceCard } from "@/components/events/match-trace";
import { ShadowVerdicts, type ShadowVerdict } from "@/components/events/shadow-verdicts";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { DescriptionList, ExternalLink, Fact } from "@/components/ui/description-list";
import { Card, PageHeader } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireUser } from "@/lib/auth/current-user";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";
import { describeTrace } from "@/lib/events/describe-trace";
import { getEvent } from "@/lib/events/list-events";
import { matchTraceSchema, type MatchTrace } from "@/lib/rules/match-trace";
import { stripeDashboardUrl } from "@/lib/stripe/dashboard-url";
import { getSettings } from "@/lib/settings/settings";
import { shadowStepsSchema } from "@/lib/shadow/shadow-evaluations";
import { actionLabel } from "@/lib/steps";
import { triggerLabel } from "@/lib/triggers";

export const metadata: Metadata = { title: "Event · Billing Automations" };

const SOURCES: Record<string, string> = {
  stripe: "Stripe webhook",
  engine: "Synthesized by the engine (its own overdue check)",
  sample: "Sample event",
  manual: "Recorded by the engine: a person started a run by hand (Run for…)",
};

async function loadEvent(id: string) {
  try {
    return await getEvent(getEngine().db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

/** A stored trace through its schema; null when it no longer reads (the page says so for that trigger). */
function readTrace(value: unknown): MatchTrace | null {
  const parsed = matchTraceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The Stripe dashboard page of the event's object, when it is an invoice or a subscription. */
function objectLink(payload: unknown, objectId: string | null, livemode: boolean): string | null {
  const kind = (payload as { data?: { object?: { object?: unknown } } } | null)?.data?.object?.object;
  if (!objectId || (kind !== "invoice" && kind !== "subscription")) return null;
  return stripeDashboardUrl({ objectType: kind, objectId, livemode });
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const { id } = await params;
  const engine = getEngine();
  const event = await loadEvent(decodeURIComponent(id));
  const settings = await getSettings(engine.db);
  const traces = event.evaluations.map((evaluation) => {
    const trace = readTrace(evaluation.trace);
    return trace ? describeTrace(trace, { currency: settings.defaultCurrency }) : null;
  });
  const shadows: ShadowVerdict[] = event.shadowEvaluations.map((row) => {
    const trace = readTrace(row.trace);
    const steps = shadowStepsSchema.safeParse(row.steps);
    return {
      id: row.id,
      automationId: row.automationId,
      triggerLabel: triggerLabel(row.trigger),
      matched: row.matched,
      trace: trace ? describeTrace(trace, { currency: settings.defaultCurrency }) : null,
      steps: steps.success ? steps.data.map((step) => ({ label: actionLabel(step.action), dueAt: step.dueAt })) : [],
    };
  });
  const automations = await automationNames(engine.db, [
    ...traces.flatMap((trace) => trace?.automations.map((automation) => automation.automationId) ?? []),
    ...shadows.map((shadow) => shadow.automationId),
  ]);
  const stripeUrl = event.source === "stripe" ? objectLink(event.payload, event.objectId, event.livemode) : null;
  const duplicates = duplicatesInWords(event.duplicateDeliveries);

  return (
    <>
      <AutoRefresh active={event.status === "pending"} />
      <PageHeader title={event.type} description={<span className="font-mono break-all">{event.id}</span>} />

      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="self-start px-4 py-1 sm:px-6 lg:col-span-2">
          <h2 className="sr-only">Facts</h2>
          <DescriptionList>
            <Fact label="Type">{event.type}</Fact>
            <Fact label="Object">
              {event.objectId ? <span className="font-mono">{event.objectId}</span> : "—"}
              {stripeUrl ? (
                <span className="mt-1 block">
                  <ExternalLink href={stripeUrl}>Open in Stripe</ExternalLink>
                </span>
              ) : null}
            </Fact>
            <Fact label="API version">{event.apiVersion ?? "—"}</Fact>
            <Fact label="Received">
              <RelativeTime value={event.receivedAt.toISOString()} />
            </Fact>
            <Fact label="Source">
              <span className="flex flex-wrap items-center gap-2">
                {SOURCES[event.source] ?? event.source} <EventSourceBadge source={event.source} />
              </span>
              {event.livemode ? null : <span className="mt-1 block text-xs text-slate-500">Test mode</span>}
            </Fact>
            <Fact label="Status">
              <EventStatusBadge status={event.status} />
              {event.status === "pending" ? (
                <span className="mt-1 block text-xs text-slate-500">
                  This page updates itself until it is processed.
                </span>
              ) : null}
            </Fact>
            <Fact label="Outcome">{event.outcome ?? "—"}</Fact>
            {event.error ? (
              <Fact label="Error">
                <span className="text-red-800">{event.error}</span>
                <span className="mt-1 block text-xs text-slate-500">
                  {event.attempts} processing {event.attempts === 1 ? "attempt" : "attempts"}
                </span>
              </Fact>
            ) : null}
            {duplicates ? <Fact label="Duplicates">{duplicates}</Fact> : null}
            {event.processedAt ? (
              <Fact label="Processed">
                <RelativeTime value={event.processedAt.toISOString()} />
              </Fact>
            ) : null}
          </DescriptionList>
        </Card>

        <section aria-labelledby="trace-heading" className="min-w-0 space-y-4 lg:col-span-3">
          <h2 id="trace-heading" className="text-lg font-semibold text-slate-900">
            Match trace
          </h2>
          {event.evaluations.length === 0 ? (
            <p className="rounded-lg bg-white p-4 text-sm text-slate-700 shadow-sm ring-1 ring-slate-200">
              {event.status === "pending"
                ? "Not matched yet: the event is waiting to be processed."
                : "This event fired no trigger, so no automation was checked. The outcome says what the engine did with it."}
            </p>
          ) : (
            event.evaluations.map((evaluation, index) =>
              traces[index] ? (
                <MatchTraceCard
                  key={evaluation.id}
                  trace={traces[index]}
                  run={event.runs.find((run) => run.id === evaluation.runId) ?? null}
                  automations={automations}
                />
              ) : (
                <p key={evaluation.id} className="text-sm text-slate-700">
                  {evaluation.trigger}: the stored trace cannot be read.
                </p>
              ),
            )
          )}
          <ShadowVerdicts verdicts={shadows} automations={automations} />
        </section>
      </div>

      <details className="mt-8 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <summary className="cursor-pointer rounded-lg px-4 py-3 text-sm font-medium text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
          Raw payload
        </summary>
        <pre className="max-h-[32rem] overflow-auto border-t border-slate-200 bg-slate-900 p-4 text-xs text-slate-100">
          {JSON.stringify(event.payload, null, 2)}
        </pre>
      </details>
    </>
  );
}
