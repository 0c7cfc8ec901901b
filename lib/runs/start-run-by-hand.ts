// A run started by a person for one invoice or subscription ("Run for…", previewed first on the test
// clock: lib/simulations/run-for.ts), started now. It is recorded like any run, with an event of its own (source
// "manual") so the run page and the events list say it was started by hand, and it is still the one
// run of its trigger for that object: a second is refused.
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Actor } from "@/lib/auth/actor";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { assertRunnable, runnableContext } from "@/lib/automations/check-runnable";
import { getAutomation } from "@/lib/automations/list-automations";
import { isUniqueViolation } from "@/lib/db/errors";
import { toJson } from "@/lib/db/json";
import type { Engine } from "@/lib/engine/engine";
import { conflict, invalid, parseOrThrow } from "@/lib/errors";
import { catchUpOutcome } from "@/lib/events/catch-up-outcome";
import { latestWebhookObject } from "@/lib/events/latest-webhook-object";
import type { StripeObject } from "@/lib/rules/facts";
import { STRIPE_API_VERSION } from "@/lib/stripe/client";
import type { StripeInvoiceLike } from "@/lib/stripe/gateway";
import { triggerDefinitions } from "@/lib/triggers";
import { afterRunStarted, createRun } from "./create-run";
import { invoiceEndsRun } from "./invoice-ends-run";
import { searchFieldsOf } from "@/lib/events/search-fields";

/** The id of the event a run started by hand is recorded under: the run page says "started by hand". */
export const MANUAL_EVENT_PREFIX = "evt_manual_";

export const objectIdSchema = z
  .string({ error: "objectId must be an invoice (in_…) or subscription (sub_…) id" })
  .regex(/^(in|sub)_[A-Za-z0-9_]+$/, { error: "objectId must be an invoice (in_…) or subscription (sub_…) id" });

export interface StartedByHand {
  id: string;
  automationId: string;
  objectId: string;
  eventId: string;
  startedBy: "hand";
}

/** The automation and the object kind its trigger's runs belong to; an id of the other kind is refused. */
export async function automationForObject(engine: Pick<Engine, "db">, automationId: string, objectId: string) {
  const automation = await getAutomation(engine.db, automationId);
  const trigger = triggerDefinitions[automation.trigger];
  const kind = objectId.startsWith("in_") ? ("invoice" as const) : ("subscription" as const);
  if (kind !== trigger.objectType) {
    const message = `${automation.trigger} runs belong to a${trigger.objectType === "invoice" ? "n invoice (in_…)" : " subscription (sub_…)"}`;
    throw invalid(`objectId: ${message}`, [{ path: "objectId", message }]);
  }
  return { automation, trigger, kind };
}

/** The object as Stripe has it now (a GET), or — in dry-run — as the newest stored event showed it. */
async function currentObject(
  engine: Pick<Engine, "db" | "sql" | "gateway">,
  kind: "invoice" | "subscription",
  id: string,
) {
  const read =
    kind === "invoice" ? await engine.gateway.retrieveInvoice(id) : await engine.gateway.retrieveSubscription(id);
  if (read) return { object: read as unknown as StripeObject, apiVersion: STRIPE_API_VERSION as string | null };
  const seen = await latestWebhookObject(engine.sql, id);
  if (seen) return seen;
  const message =
    engine.gateway.mode === "dry-run"
      ? `no stored event carries ${id}, and this server has no STRIPE_SECRET_KEY to read it`
      : `${id} does not exist in Stripe`;
  throw invalid(`objectId: ${message}`, [{ path: "objectId", message }]);
}

export async function startRunByHand(
  engine: Pick<Engine, "db" | "sql" | "provider" | "gateway" | "now" | "config" | "signal">,
  actor: Actor,
  automationId: string,
  objectId: string,
): Promise<StartedByHand> {
  const input = { objectId: parseOrThrow(objectIdSchema, objectId, "objectId") };
  const { automation, trigger, kind } = await automationForObject(engine, automationId, input.objectId);

  // What it needs (SMTP, a destination…) is checked now, paused or not: a person asked for it to act.
  assertRunnable({ status: "active", steps: automation.steps }, await runnableContext(engine));
  const { object, apiVersion } = await currentObject(engine, kind, input.objectId);
  if (kind === "invoice") {
    const ends = invoiceEndsRun(object as unknown as StripeInvoiceLike, {
      trigger: automation.trigger,
      tookOverCollection: false,
    });
    if (ends) throw conflict(`${input.objectId}: ${ends}, so there is nothing for “${automation.name}” to do`);
  }
  const now = engine.now();
  const dueDate = typeof object.due_date === "number" ? new Date(object.due_date * 1000) : undefined;
  const anchorAt = trigger.anchor === "the event" ? now : dueDate;
  if (!anchorAt) {
    const message = `${automation.trigger} runs are timed from the invoice's due date, and ${input.objectId} has none`;
    throw invalid(`objectId: ${message}`, [{ path: "objectId", message }]);
  }
  const eventId = `${MANUAL_EVENT_PREFIX}${randomBytes(12).toString("hex")}`;
  const dryRun = engine.gateway.mode === "dry-run";
  try {
    const run = await engine.db.$transaction(async (tx) => {
      const started = await createRun(tx, engine.provider, {
        automation,
        trigger: automation.trigger,
        object,
        eventId,
        anchorAt,
        matchedAt: now,
        dueDate,
        dryRun,
      });
      await tx.event.create({
        data: {
          id: eventId,
          type: trigger.eventType,
          apiVersion,
          livemode: object.livemode === true,
          objectId: input.objectId,
          source: "manual",
          ...searchFieldsOf(object),
          status: "processed",
          processedAt: now,
          receivedAt: now,
          outcome: `${trigger.label}: started by hand by ${actorLabel(actor)}: run ${started.id} of “${automation.name}”${dryRun ? " (dry-run)" : ""}`,
          payload: toJson({
            id: eventId,
            object: "event",
            api_version: apiVersion,
            created: Math.floor(now.getTime() / 1000),
            data: { object },
            livemode: object.livemode === true,
            pending_webhooks: 0,
            request: { id: null, idempotency_key: null },
            type: trigger.eventType,
          }),
        },
      });
      await recordAudit(
        tx,
        actor,
        {
          action: "run.started_by_hand",
          entity: "run",
          entityId: started.id,
          after: {
            automationId: automation.id,
            automationVersion: automation.version,
            objectId: input.objectId,
            dryRun,
          },
          summary: `Started a run of ${automation.name} (version ${automation.version}) for ${input.objectId} by hand`,
        },
        now,
      );
      return started;
    });
    afterRunStarted(engine, run);
    await catchUpOutcome(engine, object);
    return { id: run.id, automationId: automation.id, objectId: input.objectId, eventId, startedBy: "hand" };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await engine.db.run.findFirst({
      where: { trigger: automation.trigger, objectId: input.objectId },
      select: { id: true },
    });
    throw conflict(
      `${input.objectId} already has a ${automation.trigger} run (${existing?.id ?? "unknown"}): one run per trigger and object`,
    );
  }
}
