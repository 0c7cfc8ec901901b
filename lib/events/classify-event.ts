import { paidAt, type ObjectEnd } from "@/lib/outcomes/attribution";
import { invoiceSubscriptionId, type StripeObject } from "@/lib/rules/facts";
import { triggersEndedBy, type Trigger } from "@/lib/triggers";
import { isHandledEventType, type HandledEventType, type StripeEvent } from "./stripe-event";

/** What an event asks of the engine. Pure: decided from the payload alone. */
export type EventIntent =
  | { kind: "fire"; trigger: Trigger; objectId: string; anchorAt: Date; dueDate?: Date }
  | { kind: "schedule_overdue_check"; invoiceId: string; at: Date }
  | { kind: "cancel_overdue_check"; invoiceId: string }
  | { kind: "reschedule_due_date"; invoiceId: string; dueDate: Date }
  | {
      kind: "terminate";
      invoiceId: string;
      reason: string;
      triggers: readonly Trigger[];
      /** auto_advance turned off: not an end for a run that turned it off itself. */
      sparesRunsThatTookOver?: boolean;
    }
  /** Moves on the outcomes of the object's runs and held-out matches (lib/outcomes). */
  | { kind: "outcome"; end: ObjectEnd };

export interface Classification {
  intents: EventIntent[];
  /** Why nothing (or only part) applies, for the event's outcome. */
  notes: string[];
}

const fromUnix = (seconds: number) => new Date(seconds * 1000);

export const SUBSCRIPTION_CREATE_NOTE =
  "the subscription's first invoice (billing_reason subscription_create): the subscription is incomplete until it is paid — Stripe allows only metadata and default_source changes and voids the invoice after 23 hours — so no run starts";

function dueDateOf(invoice: StripeObject): Date | undefined {
  return typeof invoice.due_date === "number" ? fromUnix(invoice.due_date) : undefined;
}

function isOpenSendInvoice(invoice: StripeObject): boolean {
  return invoice.collection_method === "send_invoice" && invoice.status === "open";
}

type Handler = (event: StripeEvent, object: StripeObject) => Classification;

// One handler per event type the engine acts on: the compiler checks none is missing. What each end
// ends comes from the trigger table (lib/triggers, `endsOn`).
const handlers: Record<HandledEventType, Handler> = {
  "invoice.finalized": (event, invoice) => {
    const intents: EventIntent[] = [];
    const notes: string[] = [];
    if (invoice.status !== "open") {
      return { intents, notes: [`invoice was ${String(invoice.status)} when finalized; nothing to automate`] };
    }
    intents.push({
      kind: "fire",
      trigger: "invoice_finalized",
      objectId: invoice.id as string,
      anchorAt: fromUnix(event.created),
    });
    const dueDate = dueDateOf(invoice);
    if (invoice.collection_method === "send_invoice" && dueDate) {
      intents.push({
        kind: "fire",
        trigger: "invoice_due_date_upcoming",
        objectId: invoice.id as string,
        anchorAt: dueDate,
        dueDate,
      });
      intents.push({ kind: "schedule_overdue_check", invoiceId: invoice.id as string, at: dueDate });
    } else {
      notes.push("not a send_invoice invoice with a due date: the due-date and overdue triggers do not apply");
    }
    return { intents, notes };
  },

  "invoice.updated": (event, invoice) => {
    const intents: EventIntent[] = [];
    const previous = event.data.previous_attributes ?? {};
    const dueDate = dueDateOf(invoice);
    if ("due_date" in previous && dueDate && isOpenSendInvoice(invoice)) {
      intents.push({ kind: "reschedule_due_date", invoiceId: invoice.id as string, dueDate });
    }
    if (previous.auto_advance === true && invoice.auto_advance === false) {
      intents.push({
        kind: "terminate",
        invoiceId: invoice.id as string,
        reason: "auto_advance was turned off",
        triggers: triggersEndedBy("auto_advance_off"),
        sparesRunsThatTookOver: true,
      });
    }
    return { intents, notes: intents.length ? [] : ["no change the engine acts on"] };
  },

  "invoice.overdue": (event, invoice) => {
    if (invoice.status !== "open") return { intents: [], notes: [`invoice is ${String(invoice.status)}, not overdue`] };
    return {
      intents: [
        { kind: "fire", trigger: "invoice_overdue", objectId: invoice.id as string, anchorAt: fromUnix(event.created) },
      ],
      notes: [],
    };
  },

  "invoice.payment_failed": (event, invoice) => {
    if (!invoiceSubscriptionId(invoice))
      return { intents: [], notes: ["the invoice does not belong to a subscription"] };
    if (invoice.attempt_count !== 1) {
      return {
        intents: [],
        notes: [`attempt ${String(invoice.attempt_count)}: only the first failed attempt starts a run`],
      };
    }
    if (invoice.billing_reason === "subscription_create") {
      // The subscription's first invoice: until it is paid the subscription is `incomplete`, Stripe
      // lets it change only its metadata and default_source (no retries, pause or write-off), and it
      // voids the invoice and expires the subscription after 23 hours. Stripe's own dunning does not
      // apply to it either, so neither does the "subscription payment fails" trigger.
      return { intents: [], notes: [SUBSCRIPTION_CREATE_NOTE] };
    }
    return {
      intents: [
        {
          kind: "fire",
          trigger: "subscription_payment_failed",
          objectId: invoice.id as string,
          anchorAt: fromUnix(event.created),
        },
      ],
      notes: [],
    };
  },

  "invoice.paid": (event, invoice) => paid(event, invoice),
  "invoice.payment_succeeded": (event, invoice) => paid(event, invoice),
  "invoice.voided": (event, invoice) =>
    ended(invoice, "invoice was voided", triggersEndedBy("voided"), {
      kind: "voided",
      invoiceId: invoice.id as string,
      at: fromUnix(event.created),
    }),
  // Written off by someone else: the collection runs end; a due-date reminder run only ends when
  // the invoice is paid or voided, so it is left alone.
  "invoice.marked_uncollectible": (event, invoice) =>
    ended(invoice, "invoice was marked uncollectible", triggersEndedBy("marked_uncollectible"), {
      kind: "written_off",
      invoiceId: invoice.id as string,
      at: fromUnix(event.created),
    }),

  "customer.subscription.deleted": (event, subscription) => ({
    intents: [
      {
        kind: "fire",
        trigger: "subscription_canceled",
        objectId: subscription.id as string,
        anchorAt: fromUnix(event.created),
      },
      {
        kind: "outcome",
        end: { kind: "subscription_canceled", subscriptionId: subscription.id as string, at: fromUnix(event.created) },
      },
    ],
    notes: [],
  }),
};

/** Stripe sends both invoice.paid and invoice.payment_succeeded for one payment: each means the same. */
function paid(event: StripeEvent, invoice: StripeObject): Classification {
  return ended(invoice, "invoice was paid", triggersEndedBy("paid"), {
    kind: "paid",
    invoice,
    at: paidAt(invoice, fromUnix(event.created)),
  });
}

function ended(invoice: StripeObject, reason: string, triggers: readonly Trigger[], end: ObjectEnd): Classification {
  return {
    intents: [
      { kind: "terminate", invoiceId: invoice.id as string, reason, triggers },
      { kind: "cancel_overdue_check", invoiceId: invoice.id as string },
      { kind: "outcome", end },
    ],
    notes: [],
  };
}

/** Maps a stored event to what it asks of the engine, exactly as DESIGN.md's trigger table says. */
export function classifyEvent(event: StripeEvent): Classification {
  if (!isHandledEventType(event.type))
    return { intents: [], notes: [`${event.type} is not an event the engine acts on`] };
  return handlers[event.type](event, event.data.object as StripeObject);
}
