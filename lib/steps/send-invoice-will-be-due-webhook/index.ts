import { httpUrl, strictFields } from "@/lib/zod/strict-fields";
import { defineAction, permanentError } from "../definition";
import { describeDeliveries, eventObject, sendStripeEvent } from "../stripe-event";

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
  describeResult: describeDeliveries,
  signedUrls: (p) => (p?.url ? [p.url] : []),
  sendsTo: (p) => (p?.url ? [{ field: "url", url: p.url }] : []),
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
    return sendStripeEvent(ctx, { urls, type: "invoice.will_be_due", object: await eventObject(ctx) });
  },
});
