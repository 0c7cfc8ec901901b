import { invoiceMetadata as metadataOf } from "@/lib/rules/facts";
import { available, metadataValue, NO_INVOICE, unavailable } from "../facts";
import { FROM_PAYLOAD } from "../definition";
import { metadataCondition } from "../metadata";

export const invoiceMetadata = metadataCondition({
  type: "invoice_metadata",
  label: "Invoice metadata",
  hint: "The invoice's metadata has this key with exactly this value.",
  what: "Invoice metadata",
  fact: "invoiceMetadata",
  read: (ctx, params) =>
    metadataValue(ctx.isInvoice ? available(metadataOf(ctx.object)) : unavailable(NO_INVOICE), params),
  priority: FROM_PAYLOAD,
  readsInvoice: true,
});
