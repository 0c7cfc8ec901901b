import { httpUrl, strictFields } from "@/lib/zod/strict-fields";
import type { OutgoingStripeEvent } from "@/lib/webhooks-out/send-webhook";
import { defineAction, permanentError } from "../definition";

/**
 * Stripe's own invoice.will_be_due event, sent by the engine on the run's schedule: a Stripe Event
 * whose data.object is the invoice as Stripe's API returns it (read right before acting), signed per
 * destination like Stripe signs, so a receiver's Stripe webhook code takes it unchanged.
 */
export const sendInvoiceWillBeDueWebhook = defineAction({
  label: "Send invoice.will_be_due webhook",
  description: "POST a signed invoice.will_be_due event to a URL, or to the endpoints in settings.",
  params: strictFields({ url: httpUrl("url").optional() }, "send_invoice_will_be_due_webhook params"),
  triggers: ["invoice_due_date_upcoming"],
  fields: [
    {
      kind: "url",
      name: "url",
      label: "Webhook URL",
      hint: (defaults) =>
        defaults.webhookEndpoints.length > 0
          ? `Leave empty to use the endpoints in settings (${defaults.webhookEndpoints.join(", ")}).`
          : "Leave empty to use the endpoints in settings (none set yet).",
    },
  ],
  describe: (p, label) => (p?.url ? `${label} to ${p.url}` : `${label} to the endpoints in settings`),
  describeResult(result) {
    const lines: string[] = [];
    const delivered = Array.isArray(result.delivered) ? result.delivered : [];
    for (const delivery of delivered as Array<{ url?: unknown; status?: unknown }>) {
      lines.push(`delivered invoice.will_be_due to ${String(delivery.url)} (HTTP ${String(delivery.status)})`);
    }
    if (typeof result.dryRun === "string") lines.push(`${result.dryRun} (dry-run, not sent)`);
    return lines;
  },
  signedUrls: (p) => (p?.url ? [p.url] : []),
  requires: (p, ctx, at) =>
    p?.url || ctx.settings.webhookEndpoints.length > 0
      ? []
      : [
          {
            path: `${at}.params.url`,
            message: "nowhere to send it: give the webhook a URL here, or add webhook endpoints in Settings",
          },
        ],
  checksInvoice: true,
  async execute(ctx, { url }) {
    const urls = url ? [url] : (await ctx.settings()).webhookEndpoints;
    if (!urls.length) throw permanentError("no webhook endpoint: give the step a url or add endpoints in settings");
    const seen = ctx.invoice;
    if (!seen) throw new Error(`invoice ${ctx.run.context.objectId} could not be read to send it`);
    const event: OutgoingStripeEvent = {
      id: ctx.webhooks.eventId(`run-step:${ctx.step.id}`),
      object: "event",
      api_version: seen.apiVersion,
      created: Math.floor(ctx.step.dueAt.getTime() / 1000),
      data: { object: seen.invoice },
      livemode: seen.invoice.livemode === true,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "invoice.will_be_due",
    };
    const deliveries = await ctx.webhooks.deliver(urls, event);
    if (!deliveries.sent) {
      return {
        result: {
          sent: false,
          dryRun: `would POST ${deliveries.recorded.map((delivery) => delivery.url).join(", ")}`,
          eventId: event.id,
          invoiceFrom: seen.source,
          deliveries: deliveries.recorded,
        },
        dryRun: true,
      };
    }
    return { result: { eventId: event.id, apiVersion: event.api_version, delivered: deliveries.delivered } };
  },
});
