import { classifyStripeError } from "@/lib/stripe/errors";
import type { WriteResult } from "@/lib/stripe/gateway";
import type { ActionOutcome } from "./types";

/**
 * What a refused write means once the object has been read: the state the write asked for is
 * already there (a cancel retried after its response was lost), or the object has moved on in a way
 * that ends the run (the invoice was paid meanwhile). Null: neither — the refusal stands.
 */
export type Settlement = { alreadyDone: string; endRun?: EndRun } | { alreadyDone?: undefined; endRun: EndRun };
type EndRun = NonNullable<ActionOutcome["endRun"]>;

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

/** What a write (or the settled refusal) leaves on the step: what was sent, or what Stripe already had. */
export function describeWrite(outcome: WriteOrSettled<unknown>): Record<string, unknown> {
  if (outcome.settled) {
    return {
      sent: true,
      ...("alreadyDone" in outcome.settled ? { alreadyDone: outcome.settled.alreadyDone } : {}),
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
