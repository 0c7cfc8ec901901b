import { triggerDefinitions, TRIGGERS, isTrigger } from "@/lib/triggers";
import { httpUrl, strictFields } from "@/lib/zod/strict-fields";
import { defineAction, permanentError } from "../definition";
import { describeDeliveries, eventObject, sendStripeEvent } from "../stripe-event";
import { destinationName, oneTarget, resolveTarget } from "../target";

const params = strictFields(
  { destination: destinationName.optional(), url: httpUrl("url").optional() },
  "send_http_request params",
).superRefine(oneTarget("url"));

/**
 * A signed POST to a team's own system: the run's object inside a Stripe-shaped event of the
 * trigger's type (invoice.overdue, invoice.payment_failed…), signed with the destination's own
 * secret as Stripe signs, so the receiver verifies it with Stripe's library. The event id, also the
 * Idempotency-Key header, is the step's: a retry after a lost answer sends the same event again.
 */
export const sendHttpRequest = defineAction({
  label: "Send HTTP request",
  description: "POST a signed, Stripe-shaped event about the invoice or subscription to your own system.",
  params,
  triggers: TRIGGERS,
  fields: [
    {
      kind: "destination",
      name: "destination",
      label: "Destination",
      destinationKind: "http",
      hint: () => "An HTTP destination from Settings: its URL and signing secret are kept there.",
    },
    {
      kind: "url",
      name: "url",
      label: "Or a URL",
      hint: () => "Instead of a destination: the URL gets its own signing secret, shown in Settings.",
    },
  ],
  describe: (p, label) => (p?.destination ? `${label} to “${p.destination}”` : p?.url ? `${label} to ${p.url}` : label),
  describeResult: describeDeliveries,
  signedUrls: (p) => (p?.url ? [p.url] : []),
  sendsTo: (p) =>
    p?.destination
      ? [{ field: "destination", destination: p.destination, kind: "http" }]
      : p?.url
        ? [{ field: "url", url: p.url }]
        : [],
  checksInvoice: true,
  async execute(ctx, p) {
    const trigger = ctx.run.trigger;
    if (!isTrigger(trigger)) throw permanentError(`unknown trigger ${trigger}`);
    const target = await resolveTarget(ctx, { ...p, kind: "http" });
    return sendStripeEvent(ctx, {
      urls: [target.url],
      type: triggerDefinitions[trigger].eventType,
      object: await eventObject(ctx),
      extra: { to: target.shown },
    });
  },
});
