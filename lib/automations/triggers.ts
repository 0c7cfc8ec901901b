import type { ActionName } from "@/lib/automations/actions";

// The Contract's trigger names, in the order the UI lists them.
export const TRIGGERS = [
  "invoice_due_date_upcoming",
  "invoice_finalized",
  "invoice_overdue",
  "subscription_canceled",
  "subscription_payment_failed",
] as const;

export type Trigger = (typeof TRIGGERS)[number];

export function isTrigger(value: unknown): value is Trigger {
  return typeof value === "string" && (TRIGGERS as readonly string[]).includes(value);
}

export interface TriggerDefinition {
  label: string;
  /** One line for the UI. */
  description: string;
  /**
   * What the event's data.object is, and so what a run belongs to. subscription_payment_failed
   * starts from invoice.payment_failed, so its object is the failed invoice.
   */
  objectType: "invoice" | "subscription";
  allowedActions: readonly ActionName[];
}

// DESIGN.md's trigger table; an action missing from allowedActions is refused when saving.
export const triggerDefinitions: Record<Trigger, TriggerDefinition> = {
  invoice_due_date_upcoming: {
    label: "Invoice due date upcoming",
    description: "A finalized send_invoice invoice has a due date; steps are timed from that date.",
    objectType: "invoice",
    allowedActions: ["send_invoice_will_be_due_webhook", "send_team_email"],
  },
  invoice_finalized: {
    label: "Invoice finalized",
    description: "An invoice was finalized.",
    objectType: "invoice",
    allowedActions: ["mark_invoice_uncollectible", "send_team_email"],
  },
  invoice_overdue: {
    label: "Invoice overdue",
    description: "A send_invoice invoice is still open when its due date passes.",
    objectType: "invoice",
    allowedActions: ["mark_invoice_uncollectible", "send_team_email"],
  },
  subscription_canceled: {
    label: "Subscription canceled",
    description: "A subscription was canceled (customer.subscription.deleted).",
    objectType: "subscription",
    allowedActions: ["send_cancellation_email", "send_team_email"],
  },
  subscription_payment_failed: {
    label: "Subscription payment failed",
    description: "The first payment attempt of a subscription's invoice failed.",
    objectType: "invoice",
    allowedActions: [
      "set_retry_policy",
      "mark_subscription_unpaid",
      "cancel_subscription",
      "mark_invoice_uncollectible",
      "send_team_email",
    ],
  },
};

export function isActionAllowed(trigger: Trigger, action: ActionName): boolean {
  return triggerDefinitions[trigger].allowedActions.includes(action);
}
