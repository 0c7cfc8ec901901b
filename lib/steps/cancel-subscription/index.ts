import { strictFields } from "@/lib/zod/strict-fields";
import { defineAction } from "../definition";
import {
  at,
  describeRecordedWrite,
  readSubscription,
  recordWrite,
  subscriptionIdOf,
  writeOrSettle,
  type Settlement,
} from "../stripe-writes";

const CANCELED_ENDS_RUN = { status: "succeeded", reason: "the subscription was canceled; the run stops here" } as const;

export const cancelSubscription = defineAction({
  label: "Cancel subscription",
  description: "Cancel the subscription now; the run stops after this step.",
  notice: { tone: "info", text: "The run ends after this step: later steps never run." },
  params: strictFields({}, "cancel_subscription"),
  triggers: ["subscription_payment_failed"],
  fields: [],
  describe: (_p, label) => label,
  describeResult: (result) => [describeRecordedWrite(result)].filter((line): line is string => line !== null),
  checksInvoice: true,
  endsTheRun: "canceling the subscription ends the run",
  async execute(ctx) {
    // A DELETE carries no idempotency key Stripe honours: retried after a lost response (by the
    // scheduler, or by the SDK itself after a closed connection) it meets 404 resource_missing for
    // the subscription it canceled. Reading the subscription tells that apart from a wrong id.
    const canceled = await writeOrSettle({
      write: () =>
        ctx.gateway.cancelSubscription(subscriptionIdOf(ctx), { idempotencyKey: ctx.idempotencyKey("cancel") }),
      read: readSubscription(ctx),
      settle: (subscription): Settlement | null =>
        subscription.status === "canceled"
          ? {
              alreadyDone: `the subscription was already canceled${at(subscription.canceled_at)}`,
              endRun: CANCELED_ENDS_RUN,
            }
          : null,
    });
    if (canceled.settled) return { result: recordWrite(canceled), endRun: canceled.settled.endRun };
    return { result: recordWrite(canceled), dryRun: !canceled.write.sent, endRun: CANCELED_ENDS_RUN };
  },
});
