// What the actions that send Stripe-shaped events share (the will_be_due webhook, send_http_request):
// the event built around the run's object, delivered signed to each URL — or, in dry-run, recorded
// as it would have gone — and the deliveries in words on the run page.
import type { OutgoingStripeEvent } from "@/lib/webhooks-out/send-webhook";
import type { ActionContext, ActionOutcome } from "./definition";

export interface EventObject {
  object: Record<string, unknown>;
  /** The API version the object is rendered in. */
  apiVersion: string | null;
  /** Where it was read: Stripe just now, or the newest webhook that carried it. */
  source: "stripe" | "webhook";
}

/**
 * The run's object for an event: the invoice as read right before acting, or (for a subscription,
 * which no step reads before acting) as the newest webhook showed it.
 */
export async function eventObject(ctx: ActionContext): Promise<EventObject> {
  if (ctx.invoice)
    return { object: ctx.invoice.invoice, apiVersion: ctx.invoice.apiVersion, source: ctx.invoice.source };
  const seen = await ctx.lastSeen();
  if (!seen) throw new Error(`${ctx.run.context.objectId} could not be read to send it`);
  return { ...seen, source: "webhook" };
}

/** Sends `type` about the run's object to each URL, one event id per step (a retry re-sends the same event). */
export async function sendStripeEvent(
  ctx: ActionContext,
  input: { urls: readonly string[]; type: string; object: EventObject; extra?: Record<string, unknown> },
): Promise<ActionOutcome> {
  const { object, type } = input;
  const event: OutgoingStripeEvent = {
    id: ctx.webhooks.eventId(`run-step:${ctx.step.id}`),
    object: "event",
    api_version: object.apiVersion,
    // The first attempt's time, so a retry re-sends the very same event, as Stripe's retries do.
    created: Math.floor(ctx.step.firstAttemptAt.getTime() / 1000),
    data: { object: object.object },
    livemode: object.object.livemode === true,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
  const deliveries = await ctx.webhooks.deliver(input.urls, event);
  if (!deliveries.sent) {
    return {
      result: {
        sent: false,
        dryRun: `would POST ${type} to ${deliveries.recorded.map((delivery) => delivery.url).join(", ")}`,
        eventId: event.id,
        type,
        objectFrom: object.source,
        deliveries: deliveries.recorded,
        ...input.extra,
      },
      dryRun: true,
    };
  }
  return {
    result: { eventId: event.id, type, apiVersion: event.api_version, delivered: deliveries.delivered, ...input.extra },
  };
}

/** "delivered invoice.overdue to https://… (HTTP 200)", or the dry-run line. */
export function describeDeliveries(result: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const type = typeof result.type === "string" ? result.type : "the event";
  const delivered = Array.isArray(result.delivered) ? result.delivered : [];
  for (const delivery of delivered as Array<{ url?: unknown; status?: unknown }>) {
    lines.push(`delivered ${type} to ${String(delivery.url)} (HTTP ${String(delivery.status)})`);
  }
  if (typeof result.dryRun === "string") lines.push(`${result.dryRun} (dry-run, not sent)`);
  return lines;
}
