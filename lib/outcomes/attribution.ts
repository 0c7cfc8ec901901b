// What became of each match: attribution. Every run (and every match its automation held out) has
// one Outcome row, written with the run, and moved on by the end events the engine already
// receives — invoice.paid, invoice.voided, invoice.marked_uncollectible, customer.subscription.deleted
// — whether they arrive while the run is active, after it ended, or before it started.
import type { Db, Tx } from "@/lib/db/client";
import { toDefaultCurrencyMinor } from "@/lib/money/money";
import { invoiceSubscriptionId, type StripeObject } from "@/lib/rules/facts";
import { getSettings } from "@/lib/settings/settings";
import { triggerDefinitions, type Trigger } from "@/lib/triggers";

/**
 * A payment counts as the automation's doing while its run is active and for this long after the run
 * ended. A week covers the customer who pays a few days after the last email or the final retry,
 * and stops short of the next billing cycle, whose own reminders would take the credit.
 */
export const RECOVERY_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
export const RECOVERY_WINDOW_MS = RECOVERY_WINDOW_DAYS * DAY_MS;

export type OutcomeStatus = "open" | "recovered" | "written_off" | "voided" | "canceled" | "paid_late";

/** Only invoice runs can recover money; a canceled subscription's run has nothing left to collect. */
export function triggerRecovers(trigger: string): boolean {
  return trigger in triggerDefinitions && triggerDefinitions[trigger as Trigger].objectType === "invoice";
}

/** The Monday (UTC) of the week `at` falls in, in days since 1970-01-01 (a Thursday). */
export function weekOf(at: Date): number {
  const day = Math.floor(at.getTime() / DAY_MS);
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** A week bucket as the date of its Monday ("2026-11-30"). */
export function weekStartDate(week: number): string {
  return new Date(week * DAY_MS).toISOString().slice(0, 10);
}

const str = (value: unknown) => (typeof value === "string" ? value : null);
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * Writes the Outcome of a match inside the transaction that records it: a run, or (heldOut) a match
 * that started no run. A subscription's run starts from a canceled subscription: its outcome is
 * settled at once.
 */
export async function recordMatch(tx: Tx, input: MatchToFollow): Promise<void> {
  await tx.outcome.create({ data: outcomeFields(input) });
}

export interface MatchToFollow {
  automationId: string;
  trigger: Trigger;
  object: StripeObject;
  matchedAt: Date;
  runId: string | null;
  heldOut?: boolean;
  /** For a held-out match: as long as its run would have lasted, plus the window. */
  followUntil?: Date;
}

/** A match's new Outcome, every column but the row's id and timestamps (a run's raw insert gives those). */
export function outcomeFields(input: MatchToFollow) {
  const { object, matchedAt } = input;
  const isInvoice = triggerDefinitions[input.trigger].objectType === "invoice";
  const objectId = String(object.id);
  return {
    automationId: input.automationId,
    trigger: input.trigger,
    runId: input.runId,
    heldOut: input.heldOut ?? false,
    objectId,
    invoiceId: isInvoice ? objectId : null,
    subscriptionId: isInvoice ? invoiceSubscriptionId(object) : objectId,
    matchedAt,
    matchedWeek: weekOf(matchedAt),
    amountDue: isInvoice ? (num(object.amount_due) ?? num(object.total)) : null,
    currency: str(object.currency),
    status: isInvoice ? "open" : "canceled",
    resolvedAt: isInvoice ? null : matchedAt,
    followUntil: input.followUntil ?? null,
  };
}

/** An end the engine learns of from an event: what happened to an invoice or a subscription, and when. */
export type ObjectEnd =
  | { kind: "paid"; invoice: StripeObject; at: Date }
  | { kind: "voided" | "written_off"; invoiceId: string; at: Date }
  | { kind: "subscription_canceled"; subscriptionId: string; at: Date };

/** The moment an invoice was paid: Stripe's own paid_at when the payload has it, else the event's. */
export function paidAt(invoice: StripeObject, eventCreated: Date): Date {
  const transitions = invoice.status_transitions as { paid_at?: unknown } | undefined;
  const seconds = num(transitions?.paid_at);
  return seconds === null ? eventCreated : new Date(seconds * 1000);
}

/**
 * Moves on the outcomes an end concerns. Conditional updates, so the same end applied twice (a
 * redelivery, invoice.paid beside invoice.payment_succeeded, two processes) changes nothing more.
 * Returns how many outcomes changed.
 */
export async function applyEnd(db: Db | Tx, end: ObjectEnd): Promise<number> {
  switch (end.kind) {
    case "paid":
      return applyPayment(db, end.invoice, end.at);
    case "voided":
    case "written_off": {
      const { count } = await db.outcome.updateMany({
        where: { invoiceId: end.invoiceId, status: "open" },
        data: { status: end.kind, resolvedAt: end.at },
      });
      return count;
    }
    case "subscription_canceled": {
      const { count } = await db.outcome.updateMany({
        where: { subscriptionId: end.subscriptionId, status: "open" },
        data: { status: "canceled", resolvedAt: end.at },
      });
      return count;
    }
  }
}

// A payment outranks a write-off or a cancellation before it (an uncollectible invoice can still be
// paid); a voided invoice cannot be paid, and recovered or paid_late is already the last word.
const PAYABLE: OutcomeStatus[] = ["open", "written_off", "canceled"];

async function applyPayment(db: Db | Tx, invoice: StripeObject, at: Date): Promise<number> {
  const invoiceId = String(invoice.id);
  const rows = await db.outcome.findMany({
    where: { invoiceId, status: { in: PAYABLE } },
    select: { id: true, runId: true, heldOut: true, followUntil: true, matchedAt: true },
  });
  if (rows.length === 0) return 0;
  const runIds = rows.flatMap((row) => (row.runId ? [row.runId] : []));
  const runs = runIds.length
    ? await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, endedAt: true } })
    : [];
  const endedAt = new Map(runs.map((run) => [run.id, run.endedAt]));

  // The rates in force now, when it is paid: read only once there is something to convert.
  const settings = await getSettings(db);
  const amountPaid = num(invoice.amount_paid);
  const currency = str(invoice.currency);
  const recoveredAmount =
    amountPaid !== null && currency ? toDefaultCurrencyMinor({ amount: amountPaid, currency, ...settings }) : null;
  let changed = 0;
  for (const row of rows) {
    const deadline = row.heldOut ? row.followUntil : followDeadline(row.runId ? endedAt.get(row.runId) : null);
    const inTime = deadline === null || at.getTime() <= deadline.getTime();
    const seconds = Math.max(0, Math.round((at.getTime() - row.matchedAt.getTime()) / 1000));
    const { count } = await db.outcome.updateMany({
      where: { id: row.id, status: { in: PAYABLE } },
      data: {
        status: inTime ? "recovered" : "paid_late",
        resolvedAt: at,
        amountPaid,
        paidCurrency: currency,
        recoveredAmount: inTime ? recoveredAmount : null,
        recoveredCurrency: inTime && recoveredAmount !== null ? settings.defaultCurrency : null,
        secondsToRecover: inTime ? seconds : null,
        hoursToRecover: inTime ? Math.floor(seconds / 3600) : null,
      },
    });
    changed += count;
  }
  return changed;
}

/** A run still active is followed on; one that ended is followed for the window after. */
function followDeadline(runEndedAt: Date | null | undefined): Date | null {
  return runEndedAt ? new Date(runEndedAt.getTime() + RECOVERY_WINDOW_MS) : null;
}
