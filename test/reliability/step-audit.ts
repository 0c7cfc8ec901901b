// What happened to every seeded step, counted from three independent witnesses: the database, the
// Stripe-compatible server (effects per idempotency key) and the SMTP server (mails per Message-ID).
import { DEFAULT_EMAIL_FROM } from "../../lib/config";
import type { Db } from "../../lib/db/client";
import { messageIdFor } from "../../lib/email/send-email";
import { runStepIdFromIdempotencyKey } from "../../lib/runs/idempotency-key";
import type { FakeSmtp } from "../support/smtp-server";
import type { FakeStripe } from "../support/stripe-server";

export interface StepAudit {
  due: number;
  succeeded: number;
  /** Steps that never took effect: not succeeded, or succeeded without their effect being seen. */
  lost: number;
  /** Steps claimed by more than one worker (attempts > 1). */
  claimedTwice: number;
  /** Stripe steps whose key caused more than one change. */
  stripeDoubled: number;
  /** Writes answered from Stripe's idempotency store: a retry after a lost response. */
  stripeReplays: number;
  mailsReceived: number;
  /** Mails whose Message-ID arrived more than once. */
  mailsDoubled: number;
}

export async function auditSteps(db: Db, stripe: FakeStripe, smtp: FakeSmtp): Promise<StepAudit> {
  const steps = await db.runStep.findMany({ select: { id: true, action: true, status: true, attempts: true } });
  const effectsByStep = new Map<string, number>();
  for (const effect of stripe.effectLog) {
    const stepId = runStepIdFromIdempotencyKey(effect.idempotencyKey);
    if (stepId) effectsByStep.set(stepId, (effectsByStep.get(stepId) ?? 0) + 1);
  }
  const mailsById = new Map<string, number>();
  for (const mail of smtp.messages) mailsById.set(mail.messageId ?? "", (mailsById.get(mail.messageId ?? "") ?? 0) + 1);

  let lost = 0;
  let stripeDoubled = 0;
  let mailsDoubled = 0;
  for (const step of steps) {
    const seen =
      step.action === "send_team_email"
        ? (mailsById.get(messageIdFor(`run-step:${step.id}`, DEFAULT_EMAIL_FROM)) ?? 0)
        : (effectsByStep.get(step.id) ?? 0);
    if (step.status !== "succeeded" || seen === 0) lost++;
    if (seen > 1 && step.action === "send_team_email") mailsDoubled++;
    if (seen > 1 && step.action !== "send_team_email") stripeDoubled++;
  }
  return {
    due: steps.length,
    succeeded: steps.filter((step) => step.status === "succeeded").length,
    lost,
    claimedTwice: steps.filter((step) => step.attempts > 1).length,
    stripeDoubled,
    stripeReplays: stripe.requests.filter((request) => request.method === "POST" && request.replayed).length,
    mailsReceived: smtp.messages.length,
    mailsDoubled,
  };
}
