// The trigger table, in one place: what each trigger's runs belong to, what they are timed from,
// which events start them and what ends them (DESIGN.md's trigger table). The actions a trigger
// offers are declared by the actions themselves (lib/steps), each naming its triggers.
import type { HandledEventType } from "@/lib/events/stripe-event";

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

/** What can end an invoice's runs without their acting. */
export type RunEnd = "paid" | "voided" | "auto_advance_off" | "marked_uncollectible";

export interface TriggerDefinition {
  label: string;
  /** One line for the UI. */
  description: string;
  /**
   * What the event's data.object is, and so what a run belongs to. subscription_payment_failed
   * starts from invoice.payment_failed, so its object is the failed invoice.
   */
  objectType: "invoice" | "subscription";
  /**
   * The Stripe event type that names this moment: the type of the Stripe-shaped events its steps
   * send (send_http_request), so a receiver's Stripe webhook code switches on it as on Stripe's own.
   */
  eventType: string;
  /** What its steps are timed from. */
  anchor: "the event" | "the due date" | "the moment it became overdue";
  /** The events that start (or reschedule) its runs; classify-event.ts says exactly when. */
  startedBy: readonly HandledEventType[];
  /**
   * What ends its runs. auto_advance turned off by someone else ends a collection run; a run that
   * turned it off itself is not ended by that (it took collection over).
   */
  endsOn: readonly RunEnd[];
}

export const triggerDefinitions: Record<Trigger, TriggerDefinition> = {
  invoice_due_date_upcoming: {
    label: "Invoice due date upcoming",
    description: "A finalized send_invoice invoice has a due date; steps are timed from that date.",
    objectType: "invoice",
    eventType: "invoice.will_be_due",
    anchor: "the due date",
    startedBy: ["invoice.finalized", "invoice.updated"],
    endsOn: ["paid", "voided"],
  },
  invoice_finalized: {
    label: "Invoice finalized",
    description: "An invoice was finalized.",
    objectType: "invoice",
    eventType: "invoice.finalized",
    anchor: "the event",
    startedBy: ["invoice.finalized"],
    endsOn: ["paid", "voided", "auto_advance_off", "marked_uncollectible"],
  },
  invoice_overdue: {
    label: "Invoice overdue",
    description: "A send_invoice invoice is still open when its due date passes.",
    objectType: "invoice",
    eventType: "invoice.overdue",
    anchor: "the moment it became overdue",
    startedBy: ["invoice.finalized", "invoice.overdue"],
    endsOn: ["paid", "voided", "auto_advance_off", "marked_uncollectible"],
  },
  subscription_canceled: {
    label: "Subscription canceled",
    description: "A subscription was canceled (customer.subscription.deleted).",
    objectType: "subscription",
    eventType: "customer.subscription.deleted",
    anchor: "the event",
    startedBy: ["customer.subscription.deleted"],
    endsOn: [],
  },
  subscription_payment_failed: {
    label: "Subscription payment failed",
    description: "The first payment attempt of a subscription's invoice failed.",
    objectType: "invoice",
    eventType: "invoice.payment_failed",
    anchor: "the event",
    startedBy: ["invoice.payment_failed"],
    endsOn: ["paid", "voided", "auto_advance_off", "marked_uncollectible"],
  },
};

/** The triggers whose runs this kind of end ends. */
export function triggersEndedBy(end: RunEnd): Trigger[] {
  return TRIGGERS.filter((trigger) => triggerDefinitions[trigger].endsOn.includes(end));
}

/** A trigger's label, or the stored name itself for one this version does not know. */
export function triggerLabel(trigger: string): string {
  return isTrigger(trigger) ? triggerDefinitions[trigger].label : trigger;
}
