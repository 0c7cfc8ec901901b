// Where an invoice's last payment failure is, in the shapes Stripe sends it: a PaymentIntent's
// `last_payment_error` (code and decline_code), or a failed charge (`failure_code`, and the issuer's
// decline code in `outcome.reason`). Older API versions' invoices name their PaymentIntent and
// charge (`payment_intent`, `charge`: ids, or the objects when expanded); basil (2025-03-31) and
// later name neither and list `payments` instead, which only an answer that expands them carries.
import { asRecord, idOf, type StripeObject } from "@/lib/rules/facts";
import { declineKind, type DeclineKind } from "./codes";

/** The fact: what Stripe said about the failure, and the kind of decline it is (null: not a decline). */
export interface PaymentFailure {
  /** Stripe's error code: card_declined, expired_card, incorrect_cvc … */
  code: string | null;
  /** The issuer's reason, when Stripe has one: lost_card, insufficient_funds … */
  declineCode: string | null;
  kind: DeclineKind | null;
}

/** What an invoice says: the last failure (null: none), or undefined when it does not say. */
export type FailureFound = { failure: PaymentFailure | null; incomplete?: string } | undefined;

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

function failureOf(code: string | null, declineCode: string | null): PaymentFailure {
  return { code, declineCode, kind: declineKind({ code, declineCode }) };
}

/** A PaymentIntent's last_payment_error; Stripe clears it when the PaymentIntent changes again. */
export function intentFailure(intent: StripeObject): PaymentFailure | null {
  const error = asRecord(intent.last_payment_error);
  return error ? failureOf(text(error.code), text(error.decline_code)) : null;
}

/** A failed charge: its failure_code, and for an issuer's decline the decline code in outcome.reason. */
export function chargeFailure(charge: StripeObject): PaymentFailure | null {
  const code = text(charge.failure_code);
  if (charge.status !== "failed" && code === null) return null;
  const outcome = asRecord(charge.outcome);
  // For other outcome types the reason is Radar's (highest_risk_level, rule …), not a decline code.
  return failureOf(code, outcome?.type === "issuer_declined" ? text(outcome.reason) : null);
}

const createdOf = (item: StripeObject) => (typeof item.created === "number" ? item.created : 0);

/** The newest failure among the invoice's payments; undefined when one names its PaymentIntent only by id. */
function paymentsFailure(payments: StripeObject): FailureFound {
  const data = Array.isArray(payments.data) ? payments.data.map(asRecord) : [];
  const newestFirst = data
    .filter((item): item is StripeObject => item !== null)
    .sort((a, b) => createdOf(b) - createdOf(a));
  for (const item of newestFirst) {
    const payment = asRecord(item.payment);
    const intent = asRecord(payment?.payment_intent);
    const charge = asRecord(payment?.charge);
    const failure = intent ? intentFailure(intent) : charge ? chargeFailure(charge) : undefined;
    if (failure === undefined && (idOf(payment?.payment_intent) ?? idOf(payment?.charge))) return undefined;
    if (failure) return { failure };
  }
  const incomplete = payments.has_more === true ? "Stripe listed only the invoice's first payments" : undefined;
  return { failure: null, incomplete };
}

/**
 * The invoice's last payment failure as this invoice object states it (a payload, or Stripe's
 * answer to the read with INVOICE_PAYMENTS_EXPAND), or undefined when it names its payment only by
 * id (or, basil and later, lists no payments): then it has to be read.
 */
export function invoicePaymentFailure(invoice: StripeObject): FailureFound {
  const payments = asRecord(invoice.payments);
  if (payments && Array.isArray(payments.data)) {
    const found = paymentsFailure(payments);
    if (found) return found;
  }
  // Before basil: the PaymentIntent decides (its error is the last attempt's); a charge without one.
  const intent = asRecord(invoice.payment_intent);
  if (intent) return { failure: intentFailure(intent) };
  const charge = asRecord(invoice.charge);
  if (charge && !idOf(invoice.payment_intent)) return { failure: chargeFailure(charge) };
  // An older invoice with neither a PaymentIntent nor a charge was never charged.
  if ("payment_intent" in invoice && invoice.payment_intent === null && !idOf(invoice.charge)) return { failure: null };
  return undefined;
}
