import { readJson, toJson } from "@/lib/db/json";
import type { Engine } from "@/lib/engine/engine";
import { asRecord, type StripeObject } from "@/lib/rules/facts";
import { overdueCheckPayloadSchema } from "./overdue-check";
import { fireTrigger } from "./process-event";
import { searchFieldsOf } from "./search-fields";

const OVERDUE_CHECK_EXPAND = ["customer", "parent.subscription_details.subscription"];

/**
 * The check itself, run by the worker at the due date. The invoice is read fresh from Stripe
 * (events arrive out of order); in dry-run, the finalized payload stands in for it. The overdue
 * moment is recorded as an event of its own ("evt_engine_overdue_…") so its trace is kept like any other.
 */
export async function runOverdueCheck(engine: Engine, payload: unknown): Promise<string> {
  const { invoiceId, invoice: stored } = readJson(overdueCheckPayloadSchema, payload, "the overdue check's payload");
  // The customer and the subscription come in the same read: a customer_metadata or
  // subscription_interval condition then needs no read of its own.
  const fresh =
    engine.gateway.mode === "dry-run"
      ? null
      : await engine.gateway.retrieveInvoice(invoiceId, { expand: OVERDUE_CHECK_EXPAND });
  if (engine.gateway.mode !== "dry-run" && !fresh) return `invoice ${invoiceId} no longer exists in Stripe`;
  const invoice = (asRecord(fresh) ?? stored) as StripeObject;
  if (invoice.status !== "open") return `invoice ${invoiceId} is ${String(invoice.status)}: not overdue`;

  const now = engine.now();
  const eventId = `evt_engine_overdue_${invoiceId.replace(/[^A-Za-z0-9_]/g, "")}`;
  const envelope = {
    id: eventId,
    object: "event",
    type: "invoice.overdue",
    created: Math.floor(now.getTime() / 1000),
    api_version: null,
    livemode: invoice.livemode === true,
    data: { object: invoice },
    request: { id: null, idempotency_key: null },
  };
  await engine.db.event.upsert({
    where: { id: eventId },
    create: {
      id: eventId,
      type: "invoice.overdue",
      livemode: invoice.livemode === true,
      objectId: invoiceId,
      source: "engine",
      ...searchFieldsOf(invoice),
      payload: toJson(envelope),
      status: "processed",
      processedAt: now,
    },
    update: {},
  });
  const outcome = await fireTrigger(engine, {
    eventId,
    trigger: "invoice_overdue",
    objectId: invoiceId,
    object: invoice,
    anchorAt: now,
    matchedAt: now,
  });
  await engine.db.event.updateMany({ where: { id: eventId }, data: { outcome } });
  return outcome;
}
