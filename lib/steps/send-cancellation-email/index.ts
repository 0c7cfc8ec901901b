import { cancellationEmail } from "@/lib/email/templates";
import { httpUrl, strictFields } from "@/lib/zod/strict-fields";
import { defineAction, permanentError } from "../definition";
import { deliverEmail, describeEmailResult } from "../email";
import { needsSmtp } from "../requirements";

export const sendCancellationEmail = defineAction({
  label: "Send cancellation email",
  description: "Email the customer that the subscription was canceled, with an optional survey link.",
  params: strictFields({ surveyUrl: httpUrl("surveyUrl").optional() }, "send_cancellation_email params"),
  triggers: ["subscription_canceled"],
  fields: [
    {
      kind: "url",
      name: "surveyUrl",
      label: "Survey link",
      hint: () => "Optional: a link to a cancellation survey, included in the email.",
    },
  ],
  describe: (p, label) => (p?.surveyUrl ? `${label} with survey link ${p.surveyUrl}` : label),
  describeResult(result) {
    const lines = describeEmailResult(result);
    if (typeof result.surveyUrl === "string") lines.push(`with survey link ${result.surveyUrl}`);
    return lines;
  },
  requires: (_p, ctx, at) => needsSmtp("send_cancellation_email", ctx, at),
  checksInvoice: false,
  async execute(ctx, { surveyUrl }) {
    const customerId = ctx.run.context.customerId;
    const customer = customerId ? await ctx.gateway.retrieveCustomer(customerId) : null;
    const email = cancellationEmail({
      customerName: customer?.name ?? null,
      subscriptionId: ctx.run.context.objectId,
      surveyUrl: surveyUrl ?? null,
    });
    const extra = { surveyUrl: surveyUrl ?? null };
    if (customer?.email)
      return deliverEmail(ctx, { to: [customer.email], email, purpose: "cancellation email", extra });
    if (!ctx.dryRun) throw permanentError(`customer ${customerId ?? "(none)"} has no email address in Stripe`);
    // Dry-run reads nothing from Stripe: the message is shown as it would go out, unaddressed.
    return deliverEmail(ctx, {
      to: [`the email address of customer ${customerId ?? "(none)"}, read from Stripe when sent`],
      email,
      purpose: "cancellation email",
      extra,
    });
  },
});
