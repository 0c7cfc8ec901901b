import { classifyEmailError } from "@/lib/email/send-email";
import { classifyStripeError } from "@/lib/stripe/errors";
import { WebhookDeliveryError } from "@/lib/webhooks-out/send-webhook";

export interface StepErrorClassification {
  kind: "transient" | "permanent";
  message: string;
  retryAfterSeconds?: number;
}

/**
 * Whether a failed step should be tried again. Stripe errors carry a type; SMTP errors a response
 * code; webhook errors say so themselves; an error marked `permanent` (a missing address, say) is.
 */
export function classifyStepError(error: unknown): StepErrorClassification {
  if (error instanceof WebhookDeliveryError) {
    return { kind: error.kind, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  const e = (error ?? {}) as { type?: unknown; permanent?: unknown; responseCode?: unknown; command?: unknown };
  if (typeof e.type === "string" && e.type.startsWith("Stripe")) {
    const stripe = classifyStripeError(error);
    return {
      kind: stripe.kind === "transient" ? "transient" : "permanent",
      message: stripe.message,
      retryAfterSeconds: stripe.retryAfterSeconds,
    };
  }
  if (e.permanent === true) return { kind: "permanent", message: (error as Error).message };
  if (typeof e.responseCode === "number" || typeof e.command === "string") return classifyEmailError(error);
  const message = error instanceof Error ? error.message : String(error);
  // Anything else (a network error from a mail server, a database hiccup) is tried again, within the attempt limit.
  return { kind: "transient", message };
}
