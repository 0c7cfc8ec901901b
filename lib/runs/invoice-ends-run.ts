import { isTrigger, triggerDefinitions } from "@/lib/triggers";
import type { StripeInvoiceLike } from "@/lib/stripe/gateway";

/**
 * Why the invoice's current state ends the run, or null to go on — by what its trigger's runs end
 * on (lib/triggers). auto_advance turned off ends a collection run unless the run turned it off
 * itself (a written-off invoice has auto_advance off too, so one the run did not write off ends it).
 */
export function invoiceEndsRun(
  invoice: Pick<StripeInvoiceLike, "status" | "auto_advance">,
  run: { trigger: string; tookOverCollection: boolean },
): string | null {
  const endsOn = isTrigger(run.trigger) ? triggerDefinitions[run.trigger].endsOn : [];
  if (invoice.status === "paid" && endsOn.includes("paid")) return "invoice was paid";
  if (invoice.status === "void" && endsOn.includes("voided")) return "invoice was voided";
  if (invoice.auto_advance === false && !run.tookOverCollection) {
    if (invoice.status === "uncollectible" && endsOn.includes("marked_uncollectible")) {
      return "invoice was marked uncollectible";
    }
    if (endsOn.includes("auto_advance_off")) return "auto_advance was turned off";
  }
  return null;
}
