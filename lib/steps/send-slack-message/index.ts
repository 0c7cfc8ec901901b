import { z } from "zod";
import { formatDueDate } from "@/lib/email/templates";
import { formatMoney, toDefaultCurrencyMinor } from "@/lib/money/money";
import type { Settings } from "@/lib/settings/settings";
import { slackAlert, type SlackMessage } from "@/lib/slack/message";
import { stripeDashboardUrl } from "@/lib/stripe/dashboard-url";
import { TRIGGERS, triggerLabel } from "@/lib/triggers";
import { httpUrl, strictFields } from "@/lib/zod/strict-fields";
import { defineAction, type ActionContext } from "../definition";
import { destinationName, oneTarget, resolveTarget } from "../target";

const params = strictFields(
  {
    destination: destinationName.optional(),
    webhookUrl: httpUrl("webhookUrl").optional(),
    text: z
      .string({ error: "text must be text" })
      .max(3000, { error: "text must be at most 3000 characters (Slack's limit for a section)" })
      .optional(),
  },
  "send_slack_message params",
).superRefine(oneTarget("webhookUrl"));

const num = (value: unknown) => (typeof value === "number" ? value : null);
const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** "$108.00 (€100.00)": in the default currency, with the invoice's own beside it when they differ. */
function amountInDefaultCurrency(amount: number, currency: string, settings: Settings): string {
  const own = formatMoney(amount, currency);
  if (currency.toLowerCase() === settings.defaultCurrency) return own;
  const converted = toDefaultCurrencyMinor({ amount, currency, ...settings });
  return converted === null
    ? `${own} (no ${settings.defaultCurrency.toUpperCase()} rate in Settings)`
    : `${formatMoney(converted, settings.defaultCurrency)} (${own})`;
}

/** The message: what happened, to whom, how much, and where to look. */
function slackMessageFor(ctx: ActionContext, text: string | undefined, settings: Settings): SlackMessage {
  const { context } = ctx.run;
  const fresh = ctx.invoice?.invoice;
  const invoice = context.invoice;
  const customer =
    [str(fresh?.customer_name) ?? invoice?.customerName, str(fresh?.customer_email) ?? invoice?.customerEmail]
      .filter(Boolean)
      .join(" · ") ||
    context.customerId ||
    "no customer";
  const amount = num(fresh?.amount_due) ?? invoice?.amountDue ?? null;
  const currency = str(fresh?.currency) ?? invoice?.currency ?? null;
  const shownAmount = amount !== null && currency ? amountInDefaultCurrency(amount, currency, settings) : null;
  const dueDate = num(fresh?.due_date);
  const hostedUrl = str(fresh?.hosted_invoice_url) ?? invoice?.hostedInvoiceUrl ?? null;
  const title = triggerLabel(ctx.run.trigger);
  const facts = [
    { label: "Customer", value: customer },
    ...(shownAmount ? [{ label: "Amount due", value: shownAmount }] : []),
    context.objectType === "invoice"
      ? { label: "Invoice", value: invoice?.number ?? context.objectId }
      : { label: "Subscription", value: context.objectId },
    ...(dueDate ? [{ label: "Due", value: formatDueDate(dueDate) }] : []),
    { label: "Automation", value: ctx.run.automationName },
  ];
  return slackAlert({
    title,
    text,
    facts,
    links: [
      ...(hostedUrl ? [{ label: "Hosted invoice", url: hostedUrl, id: "hosted_invoice" }] : []),
      { label: "Open in Stripe", url: stripeDashboardUrl(context), id: "stripe_dashboard" },
    ],
    footer: `Billing Automations · run ${ctx.run.id}`,
    fallback: [title, customer, shownAmount].filter(Boolean).join(" — "),
  });
}

/**
 * A message to a Slack channel through an incoming webhook. Slack takes no idempotency key, so a
 * step retried after Slack's answer was lost can post twice; a step is retried only when Slack did
 * not say ok (a timeout, a 5xx, a 429).
 */
export const sendSlackMessage = defineAction({
  label: "Send Slack message",
  description: "Post the event's customer, amount and links to a Slack channel.",
  params,
  triggers: TRIGGERS,
  fields: [
    {
      kind: "destination",
      name: "destination",
      label: "Slack destination",
      destinationKind: "slack",
      hint: () => "A Slack incoming webhook from Settings: its URL, a secret, is kept there.",
    },
    {
      kind: "url",
      name: "webhookUrl",
      label: "Or a Slack webhook URL",
      hint: () =>
        "Instead of a destination (better kept there: a URL here is stored in the automation and its export).",
    },
    {
      kind: "text",
      name: "text",
      label: "Message",
      hint: "Shown above the details (customer, amount, invoice, links). Slack mrkdwn works. Optional.",
      rows: 3,
      maxLength: 3000,
    },
  ],
  describe: (p, label) =>
    p?.destination ? `${label} to “${p.destination}”` : p?.webhookUrl ? `${label} to a Slack webhook URL` : label,
  describeResult(result) {
    const lines: string[] = [];
    if (typeof result.posted === "string") lines.push(`posted to ${result.posted} (HTTP ${String(result.status)})`);
    if (typeof result.dryRun === "string") lines.push(`${result.dryRun} (dry-run, not sent)`);
    return lines;
  },
  sendsTo: (p) =>
    p?.destination
      ? [{ field: "destination", destination: p.destination, kind: "slack" }]
      : p?.webhookUrl
        ? [{ field: "webhookUrl", url: p.webhookUrl }]
        : [],
  checksInvoice: true,
  async execute(ctx, p) {
    const target = await resolveTarget(ctx, { destination: p.destination, url: p.webhookUrl, kind: "slack" });
    const message = slackMessageFor(ctx, p.text, await ctx.settings());
    const delivery = await ctx.http.post({
      url: target.url,
      headers: { "Content-Type": "application/json; charset=utf-8", "User-Agent": "BillingAutomations/0.1 (+slack)" },
      body: JSON.stringify(message),
      shown: `Slack ${target.shown}`,
    });
    if (!delivery.sent) {
      return { result: { sent: false, dryRun: `would post to Slack ${target.shown}`, slack: message }, dryRun: true };
    }
    return { result: { posted: `Slack ${target.shown}`, status: delivery.status, slack: message } };
  },
});
