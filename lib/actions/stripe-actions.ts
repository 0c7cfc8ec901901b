import { durationInSeconds, parseActionParams } from "@/lib/automations/actions";
import { describeWriteResult, type ActionExecutor } from "./types";

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

/**
 * Stripe has no per-invoice retry policy, so the run takes collection over: auto_advance off stops
 * Stripe's own retries, and each retry of the schedule becomes a step of the run that pays the
 * invoice (`invoices.pay`). Retries run beside the remaining steps, timed from this step.
 */
export const setRetryPolicy: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const { retries } = parseActionParams("set_retry_policy", ctx.step.params);
    const invoiceId = invoiceIdOf(ctx);
    const write = await ctx.engine.gateway.updateInvoice(
      invoiceId,
      { auto_advance: false },
      { idempotencyKey: ctx.idempotencyKey("auto-advance-off") },
    );
    const start = ctx.engine.now().getTime();
    const addSteps = retries.map((retry, index) => ({
      key: `${ctx.step.key}.retry-${index + 1}`,
      action: "retry_payment" as const,
      params: { attempt: index + 1, of: retries.length },
      dueAt: new Date(start + durationInSeconds(retry.amount, retry.unit) * 1000),
    }));
    return {
      result: {
        autoAdvanceOff: describeWriteResult(write),
        retriesScheduled: addSteps.map((step) => step.dueAt.toISOString()),
      },
      dryRun: !write.sent,
      addSteps,
      tookOverCollection: true,
    };
  },
};

/** One payment attempt of a retry policy. A decline is an outcome, not a failure: the schedule goes on. */
export const retryPayment: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const invoiceId = invoiceIdOf(ctx);
    try {
      const write = await ctx.engine.gateway.payInvoice(invoiceId, { idempotencyKey: ctx.idempotencyKey("pay") });
      if (!write.sent) return { result: describeWriteResult(write), dryRun: true };
      return {
        result: { paid: true, ...describeWriteResult(write) },
        endRun: { status: "terminated", reason: `invoice was paid by retry ${String(ctx.step.params.attempt)}` },
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
 */
export const markSubscriptionUnpaid: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const subscription = await ctx.engine.gateway.updateSubscription(
      subscriptionIdOf(ctx),
      { pause_collection: { behavior: "keep_as_draft" } },
      { idempotencyKey: ctx.idempotencyKey("pause-collection") },
    );
    const invoice = await ctx.engine.gateway.updateInvoice(
      invoiceIdOf(ctx),
      { auto_advance: false },
      { idempotencyKey: ctx.idempotencyKey("auto-advance-off") },
    );
    return {
      result: {
        note: "Stripe's API cannot set the unpaid status: collection paused with keep_as_draft (next invoices stay drafts) and auto_advance turned off on the failed invoice",
        pauseCollection: describeWriteResult(subscription),
        autoAdvanceOff: describeWriteResult(invoice),
      },
      dryRun: !subscription.sent,
      tookOverCollection: true,
    };
  },
};

export const cancelSubscription: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const write = await ctx.engine.gateway.cancelSubscription(subscriptionIdOf(ctx), {
      idempotencyKey: ctx.idempotencyKey("cancel"),
    });
    return {
      result: describeWriteResult(write),
      dryRun: !write.sent,
      endRun: { status: "succeeded", reason: "the subscription was canceled; the run stops here" },
    };
  },
};

export const markInvoiceUncollectible: ActionExecutor = {
  checksInvoice: true,
  async execute(ctx) {
    const write = await ctx.engine.gateway.markInvoiceUncollectible(invoiceIdOf(ctx), {
      idempotencyKey: ctx.idempotencyKey("mark-uncollectible"),
    });
    // Stripe turns auto_advance off on a written-off invoice: that is this run's doing, not an end.
    return { result: describeWriteResult(write), dryRun: !write.sent, tookOverCollection: true };
  },
};
