import { strictFields } from "@/lib/zod/strict-fields";
import { defineAction } from "../definition";
import {
  at,
  describeRecordedWrite,
  invoiceEnds,
  invoiceIdOf,
  readInvoice,
  recordWrite,
  writeOrSettle,
  type Settlement,
} from "../stripe-writes";

export const markInvoiceUncollectible = defineAction({
  label: "Mark invoice uncollectible",
  description: "Write the invoice off as uncollectible.",
  params: strictFields({}, "mark_invoice_uncollectible"),
  triggers: ["subscription_payment_failed", "invoice_finalized", "invoice_overdue"],
  fields: [],
  describe: (_p, label) => label,
  describeResult: (result) => [describeRecordedWrite(result)].filter((line): line is string => line !== null),
  checksInvoice: true,
  stripeRefusesOnceSettled: true,
  async execute(ctx) {
    const written = await writeOrSettle({
      write: () =>
        ctx.gateway.markInvoiceUncollectible(invoiceIdOf(ctx), {
          idempotencyKey: ctx.idempotencyKey("mark-uncollectible"),
        }),
      read: readInvoice(ctx),
      settle: (invoice): Settlement | null => {
        if (invoice.status === "uncollectible") {
          const transitions = invoice.status_transitions as { marked_uncollectible_at?: unknown } | undefined;
          return { alreadyDone: `the invoice was already uncollectible${at(transitions?.marked_uncollectible_at)}` };
        }
        return invoiceEnds(ctx, invoice);
      },
    });
    if (written.settled) {
      const { endRun } = written.settled;
      return { result: recordWrite(written), ...(endRun ? { endRun } : { tookOverCollection: true }) };
    }
    // Stripe turns auto_advance off on a written-off invoice: that is this run's doing, not an end.
    return { result: recordWrite(written), dryRun: !written.write.sent, tookOverCollection: true };
  },
});
