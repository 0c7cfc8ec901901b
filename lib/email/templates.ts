// The two emails the engine sends: the team alert and the customer's cancellation confirmation.
// Plain text and HTML carry the same facts; everything from Stripe or from an automation is
// escaped in the HTML (customer names and memos are free text).
import { formatMoney } from "@/lib/money/money";
import { stripeDashboardUrl } from "@/lib/stripe/dashboard-url";
import { triggerLabel } from "@/lib/triggers";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What the team email says about the run's invoice or subscription. */
export interface EmailObjectSummary {
  kind: "invoice" | "subscription";
  /** in_… or sub_… */
  id: string;
  /** Invoice number (e.g. "ABCD-0001") when there is one. */
  number?: string | null;
  customer: { id: string; name?: string | null; email?: string | null } | string | null;
  /** Minor units of `currency` (amount due for an invoice). */
  amount?: number | null;
  currency?: string | null;
  /** Unix seconds. */
  dueDate?: number | null;
  status?: string | null;
  hostedInvoiceUrl?: string | null;
  /** Decides between dashboard.stripe.com/… and dashboard.stripe.com/test/…. */
  livemode: boolean;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Only http(s) links become anchors: a javascript: or data: "URL" is shown as text, never linked. */
function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Keeps header-breaking characters out of subjects built from free text. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").trim();
}

/** "2026-11-30 (UTC)": dates are UTC inside and in what we send. */
export function formatDueDate(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 10)} (UTC)`;
}

function customerLabel(customer: EmailObjectSummary["customer"]): string {
  if (customer === null) return "no customer";
  if (typeof customer === "string") return customer;
  const name = customer.name?.trim();
  const email = customer.email?.trim();
  if (name && email) return `${name} <${email}> (${customer.id})`;
  if (name || email) return `${name ?? email} (${customer.id})`;
  return customer.id;
}

function amountLabel(summary: EmailObjectSummary): string | null {
  if (summary.amount === null || summary.amount === undefined || !summary.currency) return null;
  return formatMoney(summary.amount, summary.currency);
}

export interface TeamEmailInput {
  /** The automation's memo, written by the ops team. */
  memo: string;
  trigger: string;
  automationName: string;
  object: EmailObjectSummary;
}

export function teamEmail({ memo, trigger, automationName, object }: TeamEmailInput): RenderedEmail {
  const amount = amountLabel(object);
  const what = object.kind === "invoice" ? `Invoice ${object.number ?? object.id}` : `Subscription ${object.id}`;
  const subject = oneLine(`[${automationName}] ${what}${amount ? ` (${amount})` : ""}: ${triggerLabel(trigger)}`);

  const hosted = object.kind === "invoice" ? safeHttpUrl(object.hostedInvoiceUrl) : null;
  const dashboard = stripeDashboardUrl({ objectType: object.kind, objectId: object.id, livemode: object.livemode });
  const rows: [string, string, string | null][] = [
    ["Automation", automationName, null],
    ["Trigger", triggerLabel(trigger), null],
    [
      object.kind === "invoice" ? "Invoice" : "Subscription",
      object.number ? `${object.number} (${object.id})` : object.id,
      null,
    ],
    ["Customer", customerLabel(object.customer), null],
  ];
  if (amount) rows.push([object.kind === "invoice" ? "Amount due" : "Amount", amount, null]);
  if (object.dueDate) rows.push(["Due date", formatDueDate(object.dueDate), null]);
  if (object.status) rows.push(["Status", object.status, null]);
  if (hosted) rows.push(["Hosted invoice", hosted, hosted]);
  rows.push(["Stripe Dashboard", dashboard, dashboard]);

  const memoText = memo.trim();
  const text = [
    ...(memoText ? [memoText, ""] : []),
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    "Sent by Billing Automations.",
    "",
  ].join("\n");

  const memoHtml = memoText ? `<p style="white-space:pre-wrap;margin:0 0 16px">${escapeHtml(memoText)}</p>\n` : "";
  const rowsHtml = rows
    .map(([label, value, href]) => {
      const cell = href ? `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>` : escapeHtml(value);
      return `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${cell}</td></tr>`;
    })
    .join("\n");
  const html = `<!doctype html>
<html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:14px;color:#111">
${memoHtml}<table cellspacing="0" cellpadding="0">
${rowsHtml}
</table>
<p style="color:#666;font-size:12px;margin-top:16px">Sent by Billing Automations.</p>
</body></html>
`;
  return { subject, text, html };
}

export interface CancellationEmailInput {
  customerName?: string | null;
  subscriptionId: string;
  /** Optional survey link; only http(s) URLs are linked. */
  surveyUrl?: string | null;
}

export function cancellationEmail({ customerName, subscriptionId, surveyUrl }: CancellationEmailInput): RenderedEmail {
  const name = customerName?.trim();
  const greeting = name ? `Hi ${name},` : "Hello,";
  const survey = safeHttpUrl(surveyUrl);
  const subject = "Your subscription has been canceled";

  const text = [
    greeting,
    "",
    `This confirms that your subscription (${subscriptionId}) has been canceled.`,
    "You will not be charged for it again.",
    ...(survey ? ["", "We would value a minute of your time to tell us why you left:", survey] : []),
    "",
    "Thank you for having been a customer.",
    "",
  ].join("\n");

  const surveyHtml = survey
    ? `<p>We would value a minute of your time to tell us why you left: <a href="${escapeHtml(survey)}">take the survey</a>.</p>\n`
    : "";
  const html = `<!doctype html>
<html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:14px;color:#111">
<p>${escapeHtml(greeting)}</p>
<p>This confirms that your subscription (${escapeHtml(subscriptionId)}) has been canceled. You will not be charged for it again.</p>
${surveyHtml}<p>Thank you for having been a customer.</p>
</body></html>
`;
  return { subject, text, html };
}
