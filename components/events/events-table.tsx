import { isTrigger, triggerDefinitions } from "@/lib/triggers";
import type { listEvents } from "@/lib/events/list-events";
import { RelativeTime } from "@/components/ui/relative-time";
import { AmountCell, CustomerLine } from "@/components/ui/customer-and-amount";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { TextLink } from "@/components/ui/text-link";
import { AutomationLink } from "./automation-link";
import type { AutomationName } from "./automation-names";
import { duplicatesInWords, EventSourceBadge, EventStatusBadge } from "./event-status";

type EventRow = Awaited<ReturnType<typeof listEvents>>["events"][number];

const NO_MATCH_SHORT = "No match — Stripe's default settings apply";

const triggerLabel = (trigger: string) => (isTrigger(trigger) ? triggerDefinitions[trigger].label : trigger);

export function EventsTable({
  events,
  automationNames,
}: {
  events: EventRow[];
  automationNames: Map<string, AutomationName>;
}) {
  return (
    <ResponsiveTable
      caption="Events, newest first"
      columns={["Event", "Object and customer", "Amount", "Received", "Outcome", "Status"]}
    >
      {events.map((event) => {
        const duplicates = duplicatesInWords(event.duplicateDeliveries);
        return (
          <tr key={event.id} className="block py-2 hover:bg-slate-50 sm:table-row sm:py-0">
            <td className={CELL}>
              <span className="flex flex-wrap items-center gap-1.5 font-medium text-slate-900">
                {event.type} <EventSourceBadge source={event.source} />
              </span>
              <TextLink href={`/events/${encodeURIComponent(event.id)}`} className="font-mono text-xs break-all">
                {event.id}
              </TextLink>
            </td>
            <td className={`${CELL} text-xs break-all text-slate-700`}>
              {event.objectId ? (
                <span className="block font-mono">
                  <span className={`${MOBILE_LABEL} font-sans`}>Object</span>
                  {event.objectId}
                </span>
              ) : null}
              <CustomerLine email={event.customerEmail} id={event.customerId} />
            </td>
            <AmountCell amount={event.amount} currency={event.currency} />
            <td className={`${CELL} text-slate-700 sm:whitespace-nowrap`}>
              <span className={MOBILE_LABEL}>Received</span>
              <RelativeTime value={event.receivedAt.toISOString()} />
            </td>
            <td className={`${CELL} max-w-md break-words text-slate-700`}>
              <EventOutcome event={event} automationNames={automationNames} />
              {duplicates ? <p className="mt-1 text-xs text-slate-500">{duplicates}</p> : null}
            </td>
            <td className={CELL}>
              <EventStatusBadge status={event.status} />
            </td>
          </tr>
        );
      })}
    </ResponsiveTable>
  );
}

/** Per trigger fired: the automation that matched (and its run), or that none did; else what happened. */
function EventOutcome({ event, automationNames }: { event: EventRow; automationNames: Map<string, AutomationName> }) {
  if (event.evaluations.length === 0) {
    if (event.status === "pending") return <span className="text-slate-500">Waiting to be processed…</span>;
    if (event.status === "failed")
      return <span className="text-red-800">Failed: {event.error ?? "unknown error"}</span>;
    return <span>{event.outcome ?? "—"}</span>;
  }
  return (
    <ul className="space-y-1">
      {event.evaluations.map((evaluation) => (
        <li key={evaluation.trigger}>
          <span className="text-slate-500">{triggerLabel(evaluation.trigger)}: </span>
          {evaluation.matchedAutomationId ? (
            <>
              <AutomationLink
                id={evaluation.matchedAutomationId}
                automation={automationNames.get(evaluation.matchedAutomationId)}
                fallback="an automation"
              />
              {evaluation.runId ? (
                <>
                  {" "}
                  started{" "}
                  <TextLink href={`/runs/${evaluation.runId}`}>
                    a run
                    <span className="sr-only"> of {automationNames.get(evaluation.matchedAutomationId)?.name}</span>
                  </TextLink>
                </>
              ) : (
                " matched"
              )}
            </>
          ) : (
            <span>{NO_MATCH_SHORT}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
