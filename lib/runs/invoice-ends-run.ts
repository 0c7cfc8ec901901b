import type { StripeInvoiceLike } from "@/lib/stripe/gateway";

/** The triggers whose runs end when someone else turns the invoice's auto_advance off. */
export const AUTO_ADVANCE_ENDS: readonly string[] = [
  "invoice_finalized",
  "invoice_overdue",
  "subscription_payment_failed",
];

/**
 * Why the invoice's current state ends the run, or null to go on: paid or voided ends every invoice
 * run; auto_advance turned off ends a collection run unless the run turned it off itself
 * (a written-off invoice has auto_advance off too, so one the run did not write off ends it as well).
 */
export function invoiceEndsRun(
  invoice: Pick<StripeInvoiceLike, "status" | "auto_advance">,
  run: { trigger: string; tookOverCollection: boolean },
): string | null {
  if (invoice.status === "paid") return "invoice was paid";
  if (invoice.status === "void") return "invoice was voided";
  if (invoice.auto_advance === false && !run.tookOverCollection && AUTO_ADVANCE_ENDS.includes(run.trigger)) {
    return invoice.status === "uncollectible" ? "invoice was marked uncollectible" : "auto_advance was turned off";
  }
  return null;
}
