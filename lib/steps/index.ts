// The actions an automation's steps can take: one folder each, one line each here. The editor, the
// API's schema, the triggers' offers, the configuration checks, the worker and the run page all
// read this registry.
import type { Trigger } from "@/lib/triggers";
import { cancelSubscription } from "./cancel-subscription";
import type { ActionDefinition } from "./definition";
import { markInvoiceUncollectible } from "./mark-invoice-uncollectible";
import { markSubscriptionUnpaid } from "./mark-subscription-unpaid";
import { retryPayment } from "./retry-payment";
import { sendCancellationEmail } from "./send-cancellation-email";
import { sendCustomerEmail } from "./send-customer-email";
import { sendHttpRequest } from "./send-http-request";
import { sendInvoiceWillBeDueWebhook } from "./send-invoice-will-be-due-webhook";
import { sendSlackMessage } from "./send-slack-message";
import { sendTeamEmail } from "./send-team-email";
import { setRetryPolicy } from "./set-retry-policy";

// The Contract's action names are these keys; scripts and stored automations rely on them, so never
// rename one. The order is the editor's.
export const ACTIONS = {
  set_retry_policy: setRetryPolicy,
  mark_subscription_unpaid: markSubscriptionUnpaid,
  cancel_subscription: cancelSubscription,
  mark_invoice_uncollectible: markInvoiceUncollectible,
  send_team_email: sendTeamEmail,
  send_cancellation_email: sendCancellationEmail,
  send_customer_email: sendCustomerEmail,
  send_invoice_will_be_due_webhook: sendInvoiceWillBeDueWebhook,
  send_slack_message: sendSlackMessage,
  send_http_request: sendHttpRequest,
} satisfies Record<string, ActionDefinition>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as [ActionName, ...ActionName[]];

/** Steps the engine adds to a run itself (the payment retries of set_retry_policy), never a person. */
const ENGINE_STEPS = { retry_payment: retryPayment } satisfies Record<string, ActionDefinition>;

/** Every kind of step the worker runs. */
type StepKind = ActionName | keyof typeof ENGINE_STEPS;
const STEP_KINDS: Record<StepKind, ActionDefinition> = { ...ACTIONS, ...ENGINE_STEPS };

/** The definition of a stored step's action, or null for one this version does not know. */
export function stepKind(action: string): ActionDefinition | null {
  return Object.hasOwn(STEP_KINDS, action) ? STEP_KINDS[action as StepKind] : null;
}

/** The actions a trigger offers, in the editor's order. */
export function actionsAllowedOn(trigger: Trigger): ActionName[] {
  return ACTION_NAMES.filter((name) => (ACTIONS[name].triggers as readonly string[]).includes(trigger));
}

/** A stored step's params as its action reads them; null when they no longer parse. */
export function safeParseParams(action: string, params: unknown): Record<string, unknown> | null {
  const parsed = stepKind(action)?.params.safeParse(params ?? {});
  return parsed?.success ? parsed.data : null;
}

/** A step's line in words ("Send team email to ops@example.com"); a step that no longer parses gets its label. */
export function describeAction(action: string, params: unknown): string {
  const definition = stepKind(action);
  if (!definition) return action;
  return definition.describe(safeParseParams(action, params), definition.label);
}

/**
 * A stored step as the editor numbers it, for messages: "step 2 (Send team email)" for the second
 * step, "step 1, retry 3 (Retry payment)" for a retry set_retry_policy added to the first.
 */
export function stepInWords(step: { key: string; action: string }): string {
  const [, position, retry] = /^(\d+)(?:\.retry-(\d+))?$/.exec(step.key) ?? [];
  const number = position === undefined ? step.key : String(Number(position) + 1);
  return `step ${number}${retry ? `, retry ${retry}` : ""} (${actionLabel(step.action)})`;
}

/** An action's short name alone ("Send team email"), for places with little room. */
export function actionLabel(action: string): string {
  return stepKind(action)?.label ?? action;
}
