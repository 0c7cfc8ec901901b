import { z } from "zod";
import { defineAction } from "../definition";
import {
  at,
  describeRecordedWrite,
  invoiceIdOf,
  readInvoice,
  recordWrite,
  writeOrSettle,
  type Settlement,
} from "../stripe-writes";

const params = z.object({ attempt: z.number().int().positive(), of: z.number().int().positive() });

/**
 * One payment attempt of a retry policy: a step set_retry_policy adds to its run, never one a person
 * picks. A decline is an outcome, not a failure: the schedule goes on.
 */
export const retryPayment = defineAction({
  label: "Payment retry",
  description: "One payment attempt of a retry policy.",
  params,
  triggers: [],
  fields: [],
  describe: (p, label) => (p ? `${label} ${p.attempt} of ${p.of}` : label),
  describeResult(result) {
    const lines: string[] = [];
    const alreadyPaid = typeof result.alreadyDone === "string" ? result.alreadyDone : null;
    if (alreadyPaid) lines.push(alreadyPaid);
    else if (result.paid === true) lines.push("paid: the invoice was collected");
    if (typeof result.declined === "string") {
      const code = typeof result.declineCode === "string" ? ` (${result.declineCode})` : "";
      lines.push(`declined: ${result.declined}${code}`);
    }
    const write = describeRecordedWrite(result);
    if (write && result.paid !== true) lines.push(write);
    return lines;
  },
  checksInvoice: true,
  stripeRefusesOnceSettled: true,
  async execute(ctx, { attempt }) {
    try {
      const paid = await writeOrSettle({
        write: () => ctx.gateway.payInvoice(invoiceIdOf(ctx), { idempotencyKey: ctx.idempotencyKey("pay") }),
        read: readInvoice(ctx),
        settle: (invoice): Settlement | null => {
          if (invoice.status === "paid") {
            const when = at((invoice.status_transitions as { paid_at?: unknown } | undefined)?.paid_at);
            return {
              alreadyDone: `the invoice was already paid${when}`,
              endRun: { status: "terminated", reason: "invoice was paid" },
            };
          }
          return invoice.status === "void"
            ? { endRun: { status: "terminated", reason: "invoice was voided (Stripe refused the payment)" } }
            : null;
        },
      });
      if (paid.settled) {
        return {
          result: { paid: paid.settled.endRun?.reason === "invoice was paid", ...recordWrite(paid) },
          endRun: paid.settled.endRun,
        };
      }
      if (!paid.write.sent) return { result: recordWrite(paid), dryRun: true };
      return {
        result: { paid: true, ...recordWrite(paid) },
        endRun: { status: "terminated", reason: `invoice was paid by retry ${attempt}` },
      };
    } catch (error) {
      const e = error as { type?: string; statusCode?: number; message?: string; decline_code?: string };
      if (e.type === "StripeCardError" || e.statusCode === 402) {
        return { result: { paid: false, declined: e.message ?? "card declined", declineCode: e.decline_code ?? null } };
      }
      throw error;
    }
  },
});
