// What the Stripe actions share: the ids they act on, and the same question when Stripe refuses a
// write — is the state the write asked for already there (done, perhaps by this very step before its
// response was lost), or has the object moved on so that the run ends? One read of the object answers.
import { invoiceEndsRun } from "@/lib/runs/invoice-ends-run";
import { classifyStripeError } from "@/lib/stripe/errors";
import type { StripeInvoiceLike, StripeSubscriptionLike, WriteResult } from "@/lib/stripe/gateway";
import type { ActionContext, ActionOutcome } from "./definition";

type EndRun = NonNullable<ActionOutcome["endRun"]>;

/**
 * What a refused write means once the object has been read: the state the write asked for is
 * already there (a cancel retried after its response was lost), or the object has moved on in a way
 * that ends the run (the invoice was paid meanwhile). Null: neither — the refusal stands.
 */
export type Settlement = { alreadyDone: string; endRun?: EndRun } | { alreadyDone?: undefined; endRun: EndRun };

export function invoiceIdOf(ctx: Pick<ActionContext, "run">): string {
  const id = ctx.run.context.invoice?.id;
  if (!id) throw new Error("this action needs an invoice, and the run has none");
  return id;
}

export function subscriptionIdOf(ctx: Pick<ActionContext, "run">): string {
  const id = ctx.run.context.subscription?.id ?? ctx.run.context.invoice?.subscriptionId;
  if (!id) throw new Error("this action needs a subscription, and the run's invoice belongs to none");
  return id;
}

/** " at 2026-01-01T00:00:00.000Z" for a unix time, "" for none. */
export const at = (seconds: unknown) =>
  typeof seconds === "number" ? ` at ${new Date(seconds * 1000).toISOString()}` : "";

/** The invoice's state ends the run (paid, voided, written off or auto_advance off by someone else). */
export function invoiceEnds(ctx: Pick<ActionContext, "run">, invoice: StripeInvoiceLike): Settlement | null {
  const reason = invoiceEndsRun(invoice, ctx.run);
  return reason ? { endRun: { status: "terminated", reason: `${reason} (Stripe refused the write)` } } : null;
}

/** A subscription Stripe will not change any more, or not yet (incomplete: its first invoice is unpaid). */
export function subscriptionEnds(subscription: StripeSubscriptionLike): Settlement | null {
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

export const readInvoice = (ctx: ActionContext) => () => ctx.gateway.retrieveInvoice(invoiceIdOf(ctx));
export const readSubscription = (ctx: ActionContext) => () => ctx.gateway.retrieveSubscription(subscriptionIdOf(ctx));

/**
 * Stripe refuses a write whose work is done or no longer possible with a 400 (an invoice already
 * paid, one not open any more) or a 404 (a DELETE of a canceled subscription: Stripe keeps no
 * idempotency key for a DELETE, so a retried cancel meets it). Those are the refusals worth one read
 * of the object; a decline, a rate limit, a 5xx or a reused key are not.
 */
function isStateRefusal(error: unknown): boolean {
  const classified = classifyStripeError(error);
  const type = (error as { type?: unknown } | null)?.type;
  return (
    classified.kind === "permanent" &&
    (classified.statusCode === 400 || classified.statusCode === 404) &&
    type === "StripeInvalidRequestError"
  );
}

export type WriteOrSettled<T> =
  { write: WriteResult<T>; settled?: undefined } | { write?: undefined; settled: Settlement; stripeAnswered: string };

/**
 * Makes a Stripe write; if Stripe refuses it for the object's state, reads the object once and asks
 * `settle` what that state means. A refusal `settle` cannot explain is thrown as it came (it fails
 * the step with Stripe's message).
 */
export async function writeOrSettle<T, O>(input: {
  write: () => Promise<WriteResult<T>>;
  read: () => Promise<O | null>;
  settle: (object: O) => Settlement | null;
}): Promise<WriteOrSettled<T>> {
  try {
    return { write: await input.write() };
  } catch (error) {
    if (!isStateRefusal(error)) throw error;
    const object = await input.read();
    const settled = object ? input.settle(object) : null;
    if (!settled) throw error;
    const { statusCode, code, message } = classifyStripeError(error);
    return { settled, stripeAnswered: `${statusCode ?? ""}${code ? ` ${code}` : ""}: ${message}`.trim() };
  }
}

/** Turns the invoice's auto_advance off: the run takes collection over from Stripe. */
export function autoAdvanceOff(ctx: ActionContext) {
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

/** What a write (or the settled refusal) leaves on the step: what was sent, or what Stripe already had. */
export function recordWrite(outcome: WriteOrSettled<unknown>): Record<string, unknown> {
  if (outcome.settled) {
    return {
      sent: true,
      ...(outcome.settled.alreadyDone ? { alreadyDone: outcome.settled.alreadyDone } : {}),
      stripeAnswered: outcome.stripeAnswered,
    };
  }
  const write = outcome.write;
  if (!write.sent) return { sent: false, dryRun: `would ${write.wouldSend}`, params: write.params };
  return {
    sent: true,
    idempotencyKey: write.idempotencyKey,
    ...(write.replayed
      ? { replayed: "Stripe answered with the result of an earlier attempt (Idempotent-Replayed)" }
      : {}),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/**
 * A recorded write in words, for the run page: sent (Stripe may have replayed an earlier attempt's
 * answer), found already done when Stripe refused it, or what dry-run would have sent.
 */
export function describeRecordedWrite(write: unknown, what?: string): string | null {
  if (!isRecord(write)) return null;
  const prefix = what ? `${what}: ` : "";
  const wouldSend = str(write.dryRun);
  if (write.sent === false && wouldSend) return `${prefix}${wouldSend} (dry-run, not sent)`;
  const alreadyDone = str(write.alreadyDone);
  const answered = str(write.stripeAnswered);
  if (alreadyDone) return `${prefix}${alreadyDone}${answered ? ` (Stripe answered ${answered})` : ""}`;
  if (answered) return `${prefix}Stripe answered ${answered}`;
  if (write.sent === true) {
    return `${prefix}sent to Stripe${write.replayed ? ", which answered with an earlier attempt's result (done once)" : ""}`;
  }
  return null;
}
