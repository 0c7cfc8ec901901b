import { strictFields } from "@/lib/zod/strict-fields";
import { defineAction } from "../definition";
import {
  autoAdvanceOff,
  describeRecordedWrite,
  readSubscription,
  recordWrite,
  subscriptionEnds,
  subscriptionIdOf,
  writeOrSettle,
} from "../stripe-writes";

/**
 * Stripe's API cannot set a subscription's status to `unpaid`; the equivalent is pausing collection
 * with `keep_as_draft` (new invoices stay drafts) and turning auto_advance off on the failed invoice.
 * Pausing twice is no refusal (Stripe takes the same pause again), so a retried step just repeats it.
 */
export const markSubscriptionUnpaid = defineAction({
  label: "Mark subscription unpaid",
  description: "Keep the subscription but leave its next invoices in draft (pause collection, keep as draft).",
  notice: {
    tone: "warning",
    text: "Stripe's API cannot set a subscription's status to unpaid. The engine does the equivalent: it pauses collection with keep_as_draft (new invoices stay in draft) and turns auto-advance off on the failed invoice. The run records that it did this.",
  },
  params: strictFields({}, "mark_subscription_unpaid"),
  triggers: ["subscription_payment_failed"],
  fields: [],
  describe: (_p, label) => label,
  describeResult(result) {
    const lines: string[] = [];
    if (typeof result.note === "string") lines.push(result.note);
    const pause = describeRecordedWrite(result.pauseCollection, "pause collection");
    if (pause) lines.push(pause);
    const off = describeRecordedWrite(result.autoAdvanceOff, "auto_advance off");
    if (off) lines.push(off);
    return lines;
  },
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
    if (paused.settled) return { result: { pauseCollection: recordWrite(paused) }, endRun: paused.settled.endRun };
    const invoice = await autoAdvanceOff(ctx);
    if (invoice.settled) {
      return {
        result: { pauseCollection: recordWrite(paused), autoAdvanceOff: recordWrite(invoice) },
        endRun: invoice.settled.endRun,
      };
    }
    return {
      result: {
        note: "Stripe's API cannot set the unpaid status: collection paused with keep_as_draft (next invoices stay drafts) and auto_advance turned off on the failed invoice",
        pauseCollection: recordWrite(paused),
        autoAdvanceOff: recordWrite(invoice),
      },
      dryRun: !paused.write.sent,
      tookOverCollection: true,
    };
  },
});
