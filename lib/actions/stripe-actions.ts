import { durationInSeconds, parseActionParams } from "@/lib/automations/actions";
import { invoiceEndsRun } from "@/lib/runs/invoice-ends-run";
import type { StripeInvoiceLike, StripeSubscriptionLike } from "@/lib/stripe/gateway";
import { describeWrite, writeOrSettle, type Settlement } from "./settle-refusal";
import type { ActionContext, ActionExecutor } from "./types";

// Each Stripe action asks the same question when Stripe refuses its write: is the state it asked
// for already there (done, perhaps by this very step before its response was lost), or has the
// object moved on so that the run ends? One read of the object answers it (settle-refusal.ts).

function invoiceIdOf(ctx: { run: { context: { invoice?: { id: string } } } }): string {
  const id = ctx.run.context.invoice?.id;
  if (!id) throw new Error("this action needs an invoice, and the run has none");
  return id;
}

function subscriptionIdOf(ctx: {
  run: { context: { invoice?: { subscriptionId: string | null }; subscription?: { id: string } } };
}) {
  const id = ctx.run.context.subscription?.id ?? ctx.run.context.invoice?.subscriptionId;
  if (!id) throw new Error("this action needs a subscription, and the run's invoice belongs to none");
  return id;
}

const at = (seconds: unknown) => (typeof seconds === "number" ? ` at ${new Date(seconds * 1000).toISOString()}` : "");

/** The invoice's state ends the run (paid, voided, written off or auto_advance off by someone else). */
function invoiceEnds(ctx: ActionContext, invoice: StripeInvoiceLike): Settlement | null {
  const reason = invoiceEndsRun(invoice, ctx.run);
  return reason ? { endRun: { status: "terminated", reason: `${reason} (Stripe refused the write)` } } : null;
}

/** A subscription Stripe will not change any more, or not yet (incomplete: its first invoice is unpaid). */
function subscriptionEnds(subscription: StripeSubscriptionLike): Settlement | null {
  if (subscription.status === "canceled") {
    return { endRun: { status: "terminated", reason: `the subscription was canceled${at(subscription.canceled_at)}` } };
  }
  if (subscription.status === "incomplete" || subscription.status === "incomplete_expired") {
    return {
      endRun: {
        status: "terminated",
        reason: `the subscription is ${subscription.status}: until its first invoice is paid Stripe lets it change only its metadata and default_source (and voids that invoice after 23 hours)`,
      },
    };
  }
  return null;
}

const readInvoice = (ctx: ActionContext) => () => ctx.gateway.retrieveInvoice(invoiceIdOf(ctx));
const readSubscription = (ctx: ActionContext) => () => ctx.gateway.retrieveSubscription(subscriptionIdOf(ctx));

/** Turns the invoice's auto_advance off: the run takes collection over from Stripe. */
function autoAdvanceOff(ctx: ActionContext) {
  return writeOrSettle({
    write: () =>
      ctx.gateway.updateInvoice(
        invoiceIdOf(ctx),
        { auto_advance: false },
        { idempotencyKey: ctx.idempotencyKey("auto-advance-off") },
      ),
    read: readInvoice(ctx),
    settle: (invoice) => invoiceEnds(ctx, invoice),
  });
}

/**
 * Stripe has no per-invoice retry policy, so the run takes collection over: auto_advance off stops
 * Stripe's own retries, and each retry of the schedule becomes a step of the run that pays the
 * invoice (`invoices.pay`). Retries run beside the remaining steps, timed from this step.
 */
export const setRetryPolicy: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const { retries } = parseActionParams("set_retry_policy", ctx.step.params);
    const written = await autoAdvanceOff(ctx);
    if (written.settled) return { result: describeWrite(written), endRun: written.settled.endRun };
    const start = ctx.engine.now().getTime();
    const addSteps = retries.map((retry, index) => ({
      key: `${ctx.step.key}.retry-${index + 1}`,
      action: "retry_payment" as const,
      params: { attempt: index + 1, of: retries.length },
      dueAt: new Date(start + durationInSeconds(retry.amount, retry.unit) * 1000),
    }));
    return {
      result: {
        autoAdvanceOff: describeWrite(written),
        retriesScheduled: addSteps.map((step) => step.dueAt.toISOString()),
      },
      dryRun: !written.write.sent,
      addSteps,
      tookOverCollection: true,
    };
  },
};

/** One payment attempt of a retry policy. A decline is an outcome, not a failure: the schedule goes on. */
export const retryPayment: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const attempt = String(ctx.step.params.attempt);
    try {
      const paid = await writeOrSettle({
        write: () => ctx.gateway.payInvoice(invoiceIdOf(ctx), { idempotencyKey: ctx.idempotencyKey("pay") }),
        read: readInvoice(ctx),
        settle: (invoice): Settlement | null => {
          if (invoice.status === "paid") {
            const when = at((invoice.status_transitions as { paid_at?: unknown } | undefined)?.paid_at);
            return {
              alreadyDone: `the invoice was already paid${when}`,
              endRun: { status: "terminated", reason: "invoice was paid" },
            };
          }
          return invoice.status === "void"
            ? { endRun: { status: "terminated", reason: "invoice was voided (Stripe refused the payment)" } }
            : null;
        },
      });
      if (paid.settled)
        return {
          result: { paid: paid.settled.endRun?.reason === "invoice was paid", ...describeWrite(paid) },
          endRun: paid.settled.endRun,
        };
      if (!paid.write.sent) return { result: describeWrite(paid), dryRun: true };
      return {
        result: { paid: true, ...describeWrite(paid) },
        endRun: { status: "terminated", reason: `invoice was paid by retry ${attempt}` },
      };
    } catch (error) {
      const e = error as { type?: string; statusCode?: number; message?: string; decline_code?: string };
      if (e.type === "StripeCardError" || e.statusCode === 402) {
        return { result: { paid: false, declined: e.message ?? "card declined", declineCode: e.decline_code ?? null } };
      }
      throw error;
    }
  },
};

/**
 * Stripe's API cannot set a subscription's status to `unpaid`; the equivalent is pausing collection
 * with `keep_as_draft` (new invoices stay drafts) and turning auto_advance off on the failed invoice.
 * Pausing twice is no refusal (Stripe takes the same pause again), so a retried step just repeats it.
 */
export const markSubscriptionUnpaid: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const paused = await writeOrSettle({
      write: () =>
        ctx.gateway.updateSubscription(
          subscriptionIdOf(ctx),
          { pause_collection: { behavior: "keep_as_draft" } },
          { idempotencyKey: ctx.idempotencyKey("pause-collection") },
        ),
      read: readSubscription(ctx),
      settle: subscriptionEnds,
    });
    if (paused.settled) return { result: { pauseCollection: describeWrite(paused) }, endRun: paused.settled.endRun };
    const invoice = await autoAdvanceOff(ctx);
    if (invoice.settled) {
      return {
        result: { pauseCollection: describeWrite(paused), autoAdvanceOff: describeWrite(invoice) },
        endRun: invoice.settled.endRun,
      };
    }
    return {
      result: {
        note: "Stripe's API cannot set the unpaid status: collection paused with keep_as_draft (next invoices stay drafts) and auto_advance turned off on the failed invoice",
        pauseCollection: describeWrite(paused),
        autoAdvanceOff: describeWrite(invoice),
      },
      dryRun: !paused.write.sent,
      tookOverCollection: true,
    };
  },
};

const CANCELED_ENDS_RUN = { status: "succeeded", reason: "the subscription was canceled; the run stops here" } as const;

export const cancelSubscription: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    // A DELETE carries no idempotency key Stripe honours: retried after a lost response (by the
    // scheduler, or by the SDK itself after a closed connection) it meets 404 resource_missing for
    // the subscription it canceled. Reading the subscription tells that apart from a wrong id.
    const canceled = await writeOrSettle({
      write: () =>
        ctx.gateway.cancelSubscription(subscriptionIdOf(ctx), { idempotencyKey: ctx.idempotencyKey("cancel") }),
      read: readSubscription(ctx),
      settle: (subscription): Settlement | null =>
        subscription.status === "canceled"
          ? {
              alreadyDone: `the subscription was already canceled${at(subscription.canceled_at)}`,
              endRun: CANCELED_ENDS_RUN,
            }
          : null,
    });
    if (canceled.settled) return { result: describeWrite(canceled), endRun: canceled.settled.endRun };
    return { result: describeWrite(canceled), dryRun: !canceled.write.sent, endRun: CANCELED_ENDS_RUN };
  },
};

export const markInvoiceUncollectible: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const written = await writeOrSettle({
      write: () =>
        ctx.gateway.markInvoiceUncollectible(invoiceIdOf(ctx), {
          idempotencyKey: ctx.idempotencyKey("mark-uncollectible"),
        }),
      read: readInvoice(ctx),
      settle: (invoice): Settlement | null => {
        if (invoice.status === "uncollectible") {
          const when = at(
            (invoice.status_transitions as { marked_uncollectible_at?: unknown } | undefined)?.marked_uncollectible_at,
          );
          return { alreadyDone: `the invoice was already uncollectible${when}` };
        }
        return invoiceEnds(ctx, invoice);
      },
    });
    if (written.settled) {
      const { endRun } = written.settled;
      return { result: describeWrite(written), ...(endRun ? { endRun } : { tookOverCollection: true }) };
    }
    // Stripe turns auto_advance off on a written-off invoice: that is this run's doing, not an end.
    return { result: describeWrite(written), dryRun: !written.write.sent, tookOverCollection: true };
  },
};
