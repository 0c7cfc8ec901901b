import { sendCancellationEmail, sendInvoiceWillBeDueWebhook, sendTeamEmail } from "./message-actions";
import {
  cancelSubscription,
  markInvoiceUncollectible,
  markSubscriptionUnpaid,
  retryPayment,
  setRetryPolicy,
} from "./stripe-actions";
import type { ActionExecutor, ExecutableAction } from "./types";

/** Every action the worker can run; the compiler checks that none is missing. */
export const actionExecutors: Record<ExecutableAction, ActionExecutor> = {
  set_retry_policy: setRetryPolicy,
  retry_payment: retryPayment,
  mark_subscription_unpaid: markSubscriptionUnpaid,
  cancel_subscription: cancelSubscription,
  mark_invoice_uncollectible: markInvoiceUncollectible,
  send_team_email: sendTeamEmail,
  send_cancellation_email: sendCancellationEmail,
  send_invoice_will_be_due_webhook: sendInvoiceWillBeDueWebhook,
};
