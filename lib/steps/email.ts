// What the email actions share: the run's object as a message describes it, sending (or, in
// dry-run, recording) the rendered message, and the result in words.
import type { EmailObjectSummary, RenderedEmail } from "@/lib/email/templates";
import type { ActionContext, ActionOutcome } from "./definition";
import type { RunContext } from "./run-context";

export function summaryOf(context: RunContext): EmailObjectSummary {
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

/**
 * Sends the rendered message — in dry-run the email service only records it — and keeps it on the
 * step either way (the run page shows it).
 */
export async function deliverEmail(
  ctx: ActionContext,
  input: { to: string[]; email: RenderedEmail; purpose: string; extra?: Record<string, unknown> },
): Promise<ActionOutcome> {
  const message = { to: input.to, subject: input.email.subject, text: input.email.text, html: input.email.html };
  const sent = await ctx.email.send({ to: input.to, email: input.email, purpose: input.purpose });
  if (!sent.sent) {
    return {
      result: { sent: false, dryRun: `would email ${input.to.join(", ")}`, email: message, ...input.extra },
      dryRun: true,
    };
  }
  const outbox = sent.keptInOutbox ? { keptInOutbox: true } : {};
  return { result: { emailed: input.to, messageId: sent.messageId, ...outbox, email: message, ...input.extra } };
}

const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** "emailed ops@example.com", "kept the email to … in the outbox", or "would email … (dry-run, not sent)". */
export function describeEmailResult(result: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const emailed = Array.isArray(result.emailed) ? result.emailed.filter((to) => typeof to === "string") : [];
  if (emailed.length) {
    lines.push(
      result.keptInOutbox === true
        ? `kept the email to ${emailed.join(", ")} in the outbox (SMTP_URL=outbox: not sent)`
        : `emailed ${emailed.join(", ")}`,
    );
  }
  const wouldSend = str(result.dryRun);
  if (wouldSend) lines.push(`${wouldSend} (dry-run, not sent)`);
  return lines;
}
