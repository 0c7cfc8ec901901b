import { parseActionParams } from "@/lib/automations/actions";
import { messageIdFor, sendEmail } from "@/lib/email/send-email";
import { cancellationEmail, teamEmail, type EmailObjectSummary } from "@/lib/email/templates";
import { dashboardUrl, type RunContext } from "@/lib/runs/run-context";
import { sendSignedWebhook, webhookEventIdFor } from "@/lib/webhooks-out/send-webhook";
import type { ActionExecutor } from "./types";

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

export const sendTeamEmail: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const params = parseActionParams("send_team_email", ctx.step.params);
    const to = params.to ?? (await ctx.settings()).teamEmails;
    if (!to.length) {
      throw Object.assign(new Error("no recipients: list them in the step (to) or set the team emails in settings"), {
        permanent: true,
      });
    }
    const email = teamEmail({
      memo: params.memo ?? "",
      trigger: ctx.run.trigger,
      automationName: ctx.run.automationName,
      object: summaryOf(ctx.run.context),
    });
    const messageId = await sendEmail(
      {
        ...email,
        to,
        messageId: messageIdFor(`run-step:${ctx.step.id}`, ctx.engine.config.emailFrom),
        purpose: "team email",
      },
      { config: ctx.engine.config },
    );
    return { result: { emailed: to, messageId, link: dashboardUrl(ctx.run.context) } };
  },
};

export const sendCancellationEmail: ActionExecutor = {
  checksInvoice: false,
  async execute(ctx) {
    const { surveyUrl } = parseActionParams("send_cancellation_email", ctx.step.params);
    const customerId = ctx.run.context.customerId;
    const customer = customerId ? await ctx.engine.gateway.retrieveCustomer(customerId) : null;
    if (!customer?.email) {
      if (ctx.engine.gateway.mode === "dry-run") {
        return {
          result: {
            sent: false,
            dryRun: `would email customer ${customerId ?? "(none)"}: their address is not read in dry-run mode`,
          },
          dryRun: true,
        };
      }
      throw Object.assign(new Error(`customer ${customerId ?? "(none)"} has no email address in Stripe`), {
        permanent: true,
      });
    }
    const email = cancellationEmail({
      customerName: customer.name ?? null,
      subscriptionId: ctx.run.context.objectId,
      surveyUrl: surveyUrl ?? null,
    });
    const messageId = await sendEmail(
      {
        ...email,
        to: customer.email,
        messageId: messageIdFor(`run-step:${ctx.step.id}`, ctx.engine.config.emailFrom),
        purpose: "cancellation email",
      },
      { config: ctx.engine.config },
    );
    return { result: { emailed: [customer.email], messageId, surveyUrl: surveyUrl ?? null } };
  },
};

/** Stripe's own invoice.will_be_due reminder, sent by the engine on the run's schedule, signed. */
export const sendInvoiceWillBeDueWebhook: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const { url } = parseActionParams("send_invoice_will_be_due_webhook", ctx.step.params);
    const urls = url ? [url] : (await ctx.settings()).webhookEndpoints;
    if (!urls.length) {
      throw Object.assign(new Error("no webhook endpoint: give the step a url or add endpoints in settings"), {
        permanent: true,
      });
    }
    const invoice = ctx.run.context.invoice ?? null;
    const event = {
      id: webhookEventIdFor(`run-step:${ctx.step.id}`),
      type: "invoice.will_be_due" as const,
      created: Math.floor(ctx.step.dueAt.getTime() / 1000),
      data: { object: invoice, automation: ctx.run.automationName, runId: ctx.run.id },
    };
    const delivered: Array<{ url: string; status: number }> = [];
    // Endpoints that already answered 2xx on an earlier attempt get the same event id again; receivers drop it.
    for (const target of urls) {
      const delivery = await sendSignedWebhook({ url: target, event, secret: ctx.engine.config.outgoingWebhookSecret });
      delivered.push({ url: target, status: delivery.status });
    }
    return { result: { eventId: event.id, delivered } };
  },
};
