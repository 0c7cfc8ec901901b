import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CancelRunButton } from "@/components/runs/cancel-run-button";
import { StepTimeline } from "@/components/runs/step-timeline";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { DescriptionList, ExternalLink, Fact } from "@/components/ui/description-list";
import { Card, PageHeader } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { TextLink } from "@/components/ui/text-link";
import { requireUser } from "@/lib/auth/current-user";
import { isTrigger, triggerDefinitions } from "@/lib/triggers";
import { MANUAL_EVENT_PREFIX } from "@/lib/runs/start-run-by-hand";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money/money";
import { describeOutcome } from "@/lib/outcomes/describe-outcome";
import { getRun } from "@/lib/runs/list-runs";
import { stripeDashboardUrl } from "@/lib/stripe/dashboard-url";
import type { RunContext } from "@/lib/steps/run-context";

export const metadata: Metadata = { title: "Run · Billing Automations" };

async function loadRun(id: string) {
  try {
    return await getRun(getEngine().db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const { id } = await params;
  const run = await loadRun(decodeURIComponent(id));
  const context = (run.context ?? {}) as Partial<RunContext>;
  const invoice = context.invoice;
  const objectLabel = run.objectType === "invoice" ? "Invoice" : "Subscription";
  const triggerLabel = isTrigger(run.trigger) ? triggerDefinitions[run.trigger].label : run.trigger;
  const running = run.status === "running";
  const notStarted = run.steps.filter((step) => step.status === "pending").length;
  const stripeUrl = stripeDashboardUrl({
    objectType: run.objectType === "subscription" ? "subscription" : "invoice",
    objectId: run.objectId,
    livemode: context.livemode === true,
  });

  return (
    <>
      <AutoRefresh active={running} />
      <PageHeader
        title={`Run of ${run.automationName}`}
        description={
          <>
            {triggerLabel} · {objectLabel.toLowerCase()} <span className="font-mono">{run.objectId}</span>
          </>
        }
        actions={running ? <CancelRunButton runId={run.id} pendingSteps={notStarted} /> : null}
      />

      {run.dryRun ? (
        <p className="mb-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <span className="font-semibold">Dry-run:</span> Stripe writes were recorded, not sent.
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="self-start px-4 py-1 sm:px-6 lg:col-span-2">
          <h2 className="sr-only">Facts</h2>
          <DescriptionList>
            <Fact label="Status">
              {/* Announced when the worker (or a person) changes it; focused after Cancel run and Retry step. */}
              <div
                id="run-status"
                tabIndex={-1}
                aria-live="polite"
                className="rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={run.status} />
                  {run.dryRun ? <Badge tone="yellow">dry-run</Badge> : null}
                </div>
                {run.statusReason ? <p className="mt-1 text-slate-700">{run.statusReason}</p> : null}
              </div>
              {running ? (
                <p className="mt-1 text-xs text-slate-500">This page updates itself while the run is running.</p>
              ) : null}
            </Fact>
            {run.outcome ? (
              <Fact label="Outcome">
                <span id="run-outcome">{describeOutcome(run.outcome)}</span>
              </Fact>
            ) : null}
            <Fact label="Automation">
              {run.automationDeleted ? (
                <span className="flex flex-wrap items-center gap-2">
                  {run.automationName} <Badge>deleted</Badge>
                </span>
              ) : (
                <TextLink href={`/automations/${run.automationId}`}>{run.automationName}</TextLink>
              )}
            </Fact>
            <Fact label="Trigger">{triggerLabel}</Fact>
            <Fact label={objectLabel}>
              <span className="font-mono">{run.objectId}</span>
              <span className="mt-1 block">
                <ExternalLink href={stripeUrl}>Open in Stripe</ExternalLink>
              </span>
            </Fact>
            {invoice && typeof invoice.amountDue === "number" && invoice.currency ? (
              <Fact label="Amount due">{formatMoney(invoice.amountDue, invoice.currency)}</Fact>
            ) : null}
            {invoice?.dueDate ? (
              <Fact label="Invoice due">
                <RelativeTime value={invoice.dueDate} />
              </Fact>
            ) : null}
            {run.customerId ? (
              <Fact label="Customer">
                <span className="font-mono">{run.customerId}</span>
              </Fact>
            ) : null}
            <Fact
              label={run.eventId.startsWith(MANUAL_EVENT_PREFIX) ? "Started by hand, recorded as" : "Started by event"}
            >
              <TextLink href={`/events/${encodeURIComponent(run.eventId)}`} className="font-mono">
                {run.eventId}
              </TextLink>
            </Fact>
            <Fact label="Started">
              <RelativeTime value={run.createdAt.toISOString()} />
            </Fact>
            <Fact label="Steps timed from">
              <RelativeTime value={run.anchorAt.toISOString()} />
            </Fact>
            <Fact label="Ended">
              <RelativeTime value={run.endedAt?.toISOString()} />
            </Fact>
          </DescriptionList>
        </Card>

        <section aria-labelledby="steps-heading" className="min-w-0 lg:col-span-3">
          <h2 id="steps-heading" className="mb-4 text-lg font-semibold text-slate-900">
            Steps
          </h2>
          <StepTimeline run={run} />
        </section>
      </div>
    </>
  );
}
