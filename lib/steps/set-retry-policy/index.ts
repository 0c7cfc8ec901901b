import { z } from "zod";
import { listInWords } from "@/lib/format/words";
import { strictFields } from "@/lib/zod/strict-fields";
import { defineAction } from "../definition";
import { DURATION_UNITS, durationInSeconds, durationInWords, type DurationUnit } from "../durations";
import { autoAdvanceOff, describeRecordedWrite, recordWrite } from "../stripe-writes";

export const MAX_RETRIES = 10;
const retriesCount = `retries must list 1 to ${MAX_RETRIES} retries`;
const wholeUnits = "amount must be a whole number of units";

const retrySchema = strictFields(
  {
    amount: z.number({ error: wholeUnits }).int({ error: wholeUnits }).positive({ error: "amount must be at least 1" }),
    unit: z.enum(DURATION_UNITS, { error: `unit must be one of: ${DURATION_UNITS.join(", ")}` }),
  },
  "a retry",
);

const params = strictFields(
  {
    retries: z
      .array(retrySchema, { error: "retries must be a list of { amount, unit }" })
      .min(1, { error: retriesCount })
      .max(MAX_RETRIES, { error: retriesCount }),
  },
  "set_retry_policy params",
);

/** "after 1, 3 and 7 days" when the units agree, else "after 12 hours and 2 days". */
function describeRetries(retries: ReadonlyArray<{ amount: number; unit: DurationUnit }>): string {
  const first = retries[0];
  if (first && retries.length > 1 && retries.every((retry) => retry.unit === first.unit)) {
    return `after ${listInWords(retries.map((retry) => String(retry.amount)))} ${first.unit}`;
  }
  return `after ${listInWords(retries.map((retry) => durationInWords(retry.amount, retry.unit)))}`;
}

/**
 * Stripe has no per-invoice retry policy, so the run takes collection over: auto_advance off stops
 * Stripe's own retries, and each retry of the schedule becomes a step of the run that pays the
 * invoice (retry_payment). Retries run beside the remaining steps, timed from this step.
 */
export const setRetryPolicy = defineAction({
  label: "Set retry policy",
  description: "Take over payment retries: turn Stripe's auto-advance off and retry the invoice on this schedule.",
  params,
  triggers: ["subscription_payment_failed"],
  fields: [
    {
      kind: "retries",
      name: "retries",
      label: "Retry schedule",
      hint: "Each retry tries to pay the invoice this long after this step runs (e.g. after 1, 3 and 7 days). The run turns Stripe's own retries off for this invoice.",
      max: MAX_RETRIES,
    },
  ],
  describe: (p, label) => (p ? `${label}: retry ${describeRetries(p.retries)}` : label),
  describeResult(result) {
    const lines: string[] = [];
    const off = describeRecordedWrite(result.autoAdvanceOff ?? result, "auto_advance turned off");
    if (off) lines.push(off);
    const retries = Array.isArray(result.retriesScheduled) ? result.retriesScheduled.length : 0;
    if (retries) lines.push(`${retries} payment ${retries === 1 ? "retry" : "retries"} scheduled (listed below)`);
    return lines;
  },
  checksInvoice: true,
  async execute(ctx, { retries }) {
    const written = await autoAdvanceOff(ctx);
    if (written.settled) return { result: recordWrite(written), endRun: written.settled.endRun };
    const start = ctx.now().getTime();
    const addSteps = retries.map((retry, index) => ({
      key: `${ctx.step.key}.retry-${index + 1}`,
      action: "retry_payment",
      params: { attempt: index + 1, of: retries.length },
      dueAt: new Date(start + durationInSeconds(retry.amount, retry.unit) * 1000),
    }));
    return {
      result: {
        autoAdvanceOff: recordWrite(written),
        retriesScheduled: addSteps.map((step) => step.dueAt.toISOString()),
      },
      dryRun: !written.write.sent,
      addSteps,
      tookOverCollection: true,
    };
  },
});
