import { parseActionParams } from "@/lib/automations/actions";
import { messageIdFor, sendEmail } from "@/lib/email/send-email";
import { cancellationEmail, teamEmail, type EmailObjectSummary, type RenderedEmail } from "@/lib/email/templates";
import { dashboardUrl, type RunContext } from "@/lib/runs/run-context";
import { signingSecretsFor } from "@/lib/webhooks-out/endpoints";
import {
  describeUrl,
  postDelivery,
  signDelivery,
  webhookEventIdFor,
  type OutgoingStripeEvent,
} from "@/lib/webhooks-out/send-webhook";
import type { ActionContext, ActionExecutor, ActionOutcome } from "./types";

function summaryOf(context: RunContext): EmailObjectSummary {
  const invoice = context.invoice;
  return {
    kind: context.objectType,
    id: context.objectId,
    number: invoice?.number ?? null,
    customer: context.customerId
      ? { id: context.customerId, name: invoice?.customerName ?? null, email: invoice?.customerEmail ?? null }
      : null,
    amount: invoice?.amountDue ?? null,
    currency: invoice?.currency ?? null,
    dueDate: invoice?.dueDate ? Math.floor(Date.parse(invoice.dueDate) / 1000) : null,
    status: context.subscription?.status ?? null,
    hostedInvoiceUrl: invoice?.hostedInvoiceUrl ?? null,
    livemode: context.livemode,
  };
}

const permanent = (message: string) => Object.assign(new Error(message), { permanent: true });

/**
 * Sends the rendered email, or in dry-run records it on the step instead (the run page shows it):
 * dry-run sends nothing at all.
 */
async function deliverEmail(
  ctx: ActionContext,
  input: { to: string[]; email: RenderedEmail; purpose: string; extra?: Record<string, unknown> },
): Promise<ActionOutcome> {
  const message = { to: input.to, subject: input.email.subject, text: input.email.text, html: input.email.html };
  if (ctx.dryRun) {
    return {
      result: { sent: false, dryRun: `would email ${input.to.join(", ")}`, email: message, ...input.extra },
      dryRun: true,
    };
  }
  const messageId = await sendEmail(
    {
      ...input.email,
      to: input.to,
      messageId: messageIdFor(`run-step:${ctx.step.id}`, ctx.engine.config.emailFrom),
      purpose: input.purpose,
    },
    { config: ctx.engine.config },
  );
  return { result: { emailed: input.to, messageId, email: message, ...input.extra } };
}

export const sendTeamEmail: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const params = parseActionParams("send_team_email", ctx.step.params);
    const to = params.to ?? (await ctx.settings()).teamEmails;
    if (!to.length) throw permanent("no recipients: list them in the step (to) or set the team emails in settings");
    const email = teamEmail({
      memo: params.memo ?? "",
      trigger: ctx.run.trigger,
      automationName: ctx.run.automationName,
      object: summaryOf(ctx.run.context),
    });
    return deliverEmail(ctx, { to, email, purpose: "team email", extra: { link: dashboardUrl(ctx.run.context) } });
  },
};

export const sendCancellationEmail: ActionExecutor = {
  checksInvoice: false,
  async execute(ctx) {
    const { surveyUrl } = parseActionParams("send_cancellation_email", ctx.step.params);
    const customerId = ctx.run.context.customerId;
    const customer = customerId ? await ctx.gateway.retrieveCustomer(customerId) : null;
    const email = cancellationEmail({
      customerName: customer?.name ?? null,
      subscriptionId: ctx.run.context.objectId,
      surveyUrl: surveyUrl ?? null,
    });
    if (!customer?.email) {
      if (ctx.dryRun) {
        // Dry-run reads nothing from Stripe: the message is shown as it would go out, unaddressed.
        return deliverEmail(ctx, {
          to: [`the email address of customer ${customerId ?? "(none)"}, read from Stripe when sent`],
          email,
          purpose: "cancellation email",
          extra: { surveyUrl: surveyUrl ?? null },
        });
      }
      throw permanent(`customer ${customerId ?? "(none)"} has no email address in Stripe`);
    }
    return deliverEmail(ctx, {
      to: [customer.email],
      email,
      purpose: "cancellation email",
      extra: { surveyUrl: surveyUrl ?? null },
    });
  },
};

/**
 * Stripe's own invoice.will_be_due event, sent by the engine on the run's schedule: a Stripe Event
 * whose data.object is the invoice as Stripe's API returns it (read right before acting), signed per
 * destination like Stripe signs, so a receiver's Stripe webhook code takes it unchanged.
 */
export const sendInvoiceWillBeDueWebhook: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const { url } = parseActionParams("send_invoice_will_be_due_webhook", ctx.step.params);
    const urls = url ? [url] : (await ctx.settings()).webhookEndpoints;
    if (!urls.length) throw permanent("no webhook endpoint: give the step a url or add endpoints in settings");
    const seen = ctx.invoice;
    if (!seen) throw new Error(`invoice ${ctx.run.context.objectId} could not be read to send it`);
    const event: OutgoingStripeEvent = {
      id: webhookEventIdFor(`run-step:${ctx.step.id}`),
      object: "event",
      api_version: seen.apiVersion,
      created: Math.floor(ctx.step.dueAt.getTime() / 1000),
      data: { object: seen.invoice },
      livemode: seen.invoice.livemode === true,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "invoice.will_be_due",
    };
    const timestamp = Math.floor(ctx.engine.now().getTime() / 1000);
    const deliveries = [];
    for (const target of urls) {
      const secrets = await signingSecretsFor(ctx.engine.db, target, {
        now: ctx.engine.now(),
        override: ctx.engine.config.outgoingWebhookSecret,
      });
      deliveries.push(signDelivery({ url: target, event, secrets, timestamp }));
    }
    if (ctx.dryRun) {
      return {
        result: {
          sent: false,
          dryRun: `would POST ${deliveries.map((delivery) => describeUrl(delivery.url)).join(", ")}`,
          eventId: event.id,
          invoiceFrom: seen.source,
          deliveries: deliveries.map(({ url: to, headers, body }) => ({ url: describeUrl(to), headers, body })),
        },
        dryRun: true,
      };
    }
    const delivered: Array<{ url: string; status: number }> = [];
    // Endpoints that already answered 2xx on an earlier attempt get the same event id again; receivers drop it.
    for (const delivery of deliveries) {
      delivered.push({ url: describeUrl(delivery.url), status: await postDelivery(delivery) });
    }
    return { result: { eventId: event.id, apiVersion: event.api_version, delivered } };
  },
};
