import { actionDefinitions, isActionName } from "@/lib/automations/actions";
import { describeStep } from "@/lib/automations/describe";
import type { Step } from "@/lib/automations/schema";

// Run steps in words for the timeline: what the step does, and what its stored result says.

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** "Payment retry 2 of 3", "Send team email to ops@example.com", "Mark invoice uncollectible". */
export function stepLabel(step: { action: string; params: unknown }): string {
  const params = isRecord(step.params) ? step.params : {};
  if (step.action === "retry_payment") {
    const attempt = typeof params.attempt === "number" ? params.attempt : null;
    const of = typeof params.of === "number" ? params.of : null;
    return attempt !== null && of !== null ? `Payment retry ${attempt} of ${of}` : "Payment retry";
  }
  if (!isActionName(step.action)) return step.action;
  return describeStep({ type: "action", action: step.action, params } as Step);
}

/** The action's short name alone ("Send team email"), for places with little room. */
export function actionLabel(action: string): string {
  if (action === "retry_payment") return "Payment retry";
  return isActionName(action) ? actionDefinitions[action].label : action;
}

/**
 * A Stripe write as lib/actions records it: sent with its key (Stripe may have replayed an earlier
 * attempt's answer), found already done when Stripe refused it, or what dry-run would have sent.
 */
function describeWrite(write: unknown, what?: string): string | null {
  if (!isRecord(write)) return null;
  const prefix = what ? `${what}: ` : "";
  const wouldSend = str(write.dryRun);
  if (write.sent === false && wouldSend) return `${prefix}${wouldSend} (dry-run, not sent)`;
  const alreadyDone = str(write.alreadyDone);
  const answered = str(write.stripeAnswered);
  if (alreadyDone) return `${prefix}${alreadyDone}${answered ? ` (Stripe answered ${answered})` : ""}`;
  if (answered) return `${prefix}Stripe answered ${answered}`;
  if (write.sent === true) {
    return `${prefix}sent to Stripe${write.replayed ? ", which answered with an earlier attempt's result (done once)" : ""}`;
  }
  return null;
}

/**
 * The meaningful parts of a step's result, one sentence each: "would POST /v1/invoices/in_…/
 * mark_uncollectible (dry-run, not sent)", "emailed ops@example.com", "declined: Your card was
 * declined.". Unknown shapes give nothing; the page shows the raw result beside these lines.
 */
export function describeStepResult(action: string, result: unknown): string[] {
  if (!isRecord(result)) return [];
  const lines: string[] = [];
  const skipped = str(result.skipped);
  if (skipped) return [`skipped: ${skipped}`];

  switch (action) {
    case "set_retry_policy": {
      const off = describeWrite(result.autoAdvanceOff, "auto_advance turned off");
      if (off) lines.push(off);
      const retries = Array.isArray(result.retriesScheduled) ? result.retriesScheduled.length : 0;
      if (retries) lines.push(`${retries} payment ${retries === 1 ? "retry" : "retries"} scheduled (listed below)`);
      break;
    }
    case "retry_payment": {
      const alreadyPaid = str(result.alreadyDone);
      if (alreadyPaid) lines.push(alreadyPaid);
      else if (result.paid === true) lines.push("paid: the invoice was collected");
      const declined = str(result.declined);
      if (declined) {
        const code = str(result.declineCode);
        lines.push(`declined: ${declined}${code ? ` (${code})` : ""}`);
      }
      const write = describeWrite(result);
      if (write && result.paid !== true) lines.push(write);
      break;
    }
    case "mark_subscription_unpaid": {
      const note = str(result.note);
      if (note) lines.push(note);
      const pause = describeWrite(result.pauseCollection, "pause collection");
      if (pause) lines.push(pause);
      const off = describeWrite(result.autoAdvanceOff, "auto_advance off");
      if (off) lines.push(off);
      break;
    }
    case "send_team_email":
    case "send_cancellation_email": {
      const emailed = Array.isArray(result.emailed) ? result.emailed.filter((to) => typeof to === "string") : [];
      if (emailed.length) lines.push(`emailed ${emailed.join(", ")}`);
      const wouldSend = str(result.dryRun);
      if (wouldSend) lines.push(`${wouldSend} (dry-run, not sent)`);
      const survey = str(result.surveyUrl);
      if (survey) lines.push(`with survey link ${survey}`);
      break;
    }
    case "send_invoice_will_be_due_webhook": {
      const delivered = Array.isArray(result.delivered) ? result.delivered.filter(isRecord) : [];
      for (const delivery of delivered) {
        lines.push(`delivered invoice.will_be_due to ${String(delivery.url)} (HTTP ${String(delivery.status)})`);
      }
      const wouldSend = str(result.dryRun);
      if (wouldSend) lines.push(`${wouldSend} (dry-run, not sent)`);
      break;
    }
    default: {
      const write = describeWrite(result);
      if (write) lines.push(write);
    }
  }
  return lines;
}
