// Which payment failures are hard declines and which soft, for the decline condition.
//
// Source: Stripe's list of decline codes and their "next steps" (https://docs.stripe.com/declines/codes),
// and its error codes (https://docs.stripe.com/error-codes). Stripe itself gives no hard/soft split
// (its Smart Retries only say they skip "non-retryable" codes), so the split is ours: a decline is
// hard when retrying the same card with the same details cannot succeed — the card is gone (lost,
// stolen, picked up, closed, replaced), the issuer or Stripe refuses it outright (fraud, a block
// list, a revoked authorization, "do not try again"), the card can never make this payment (type or
// currency not supported), or the stored card details are wrong or out of date (number, expiry,
// CVC, postal code) and only the customer can change them. Every other decline is soft: the same
// card may pay later (funds, limits, the issuer's systems, "call the issuer", authentication).
// Card-present codes (PIN errors) are left out: an invoice is never paid at a terminal.

export const DECLINE_KINDS = ["hard", "soft"] as const;
export type DeclineKind = (typeof DECLINE_KINDS)[number];

/** Declines a retry cannot fix: Stripe decline codes, and error codes Stripe gives without one. */
export const HARD_DECLINE_CODES = [
  // The card is gone or refused outright.
  "lost_card",
  "stolen_card",
  "pickup_card",
  "fraudulent",
  "merchant_blacklist",
  "restricted_card",
  "security_violation",
  "invalid_account",
  "new_account_information_available",
  "do_not_try_again",
  // The cardholder withdrew the merchant's permission to charge.
  "revocation_of_all_authorizations",
  "revocation_of_authorization",
  "stop_payment_order",
  // The card can never make this payment.
  "card_not_supported",
  "currency_not_supported",
  // The stored details are wrong or out of date: only the customer can change them.
  "expired_card",
  "incorrect_number",
  "invalid_number",
  "invalid_expiry_month",
  "invalid_expiry_year",
  "incorrect_cvc",
  "invalid_cvc",
  "incorrect_zip",
] as const;

/**
 * Soft declines Stripe documents, for the editor's words and the tests: any decline not listed as
 * hard is soft, including codes Stripe adds later.
 */
export const SOFT_DECLINE_CODES = [
  "insufficient_funds",
  "processing_error",
  "try_again_later",
  "generic_decline",
  "do_not_honor",
  "issuer_not_available",
  "card_velocity_exceeded",
  "withdrawal_count_limit_exceeded",
  "approve_with_id",
  "call_issuer",
  "reenter_transaction",
  "no_action_taken",
  "not_permitted",
  "service_not_allowed",
  "transaction_not_allowed",
  "authentication_required",
  "duplicate_transaction",
  "invalid_amount",
  "card_decline_rate_limit_exceeded",
  "testmode_decline",
] as const;

/**
 * Stripe's error `code`s that are card declines in themselves, often sent without a
 * `decline_code`: the generic card_declined, and the card-data errors.
 */
export const CARD_DECLINE_ERROR_CODES = [
  "card_declined",
  "expired_card",
  "incorrect_cvc",
  "incorrect_number",
  "incorrect_zip",
  "invalid_cvc",
  "invalid_expiry_month",
  "invalid_expiry_year",
  "invalid_number",
  "processing_error",
  "authentication_required",
  "card_decline_rate_limit_exceeded",
] as const;

const HARD = new Set<string>(HARD_DECLINE_CODES);
const CARD_DECLINE = new Set<string>(CARD_DECLINE_ERROR_CODES);

/**
 * Hard, soft, or null when the failure is no decline (a failure of another kind: a bank debit's
 * error, an authentication that was abandoned, no code at all).
 */
export function declineKind(failure: { code: string | null; declineCode: string | null }): DeclineKind | null {
  const { code, declineCode } = failure;
  if ((declineCode !== null && HARD.has(declineCode)) || (code !== null && HARD.has(code))) return "hard";
  if (declineCode !== null || (code !== null && CARD_DECLINE.has(code))) return "soft";
  return null;
}
