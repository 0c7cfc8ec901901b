import { triggerDefinitions, type Trigger } from "@/lib/triggers";
import { redactText } from "@/lib/config";
import { MAX_EVENT_ATTEMPTS, retryAt as nextAttemptAt } from "@/lib/jobs/backoff";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { rawJson, toJson } from "@/lib/db/json";
import { insertStatement, json, newId, type TableRows } from "@/lib/db/insert-rows";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Engine } from "@/lib/engine/engine";
import { CONFIG_STAMP, matchingConfig, type MatchingConfig } from "@/lib/automations/matching-config";
import { evaluateAutomations, NO_MATCH_SUMMARY, type MatchTrace } from "@/lib/rules/evaluate-automations";
import type { StripeObject } from "@/lib/rules/facts";
import type { AutomationRecord } from "@/lib/automations/serialize-automation";
import { applyEnd, RECOVERY_WINDOW_MS, recordMatch } from "@/lib/outcomes/attribution";
import { HELD_OUT_SUMMARY, isHeldOut } from "@/lib/outcomes/holdout";
import { computeDueTimes } from "@/lib/runs/compute-due-times";
import { afterRunStarted, newRun } from "@/lib/runs/create-run";
import { countEventMatched } from "@/lib/metrics/metrics";
import { endRunWith, terminateInvoiceRuns } from "@/lib/runs/end-run";
import { rescheduleDueDateRun } from "@/lib/runs/reschedule-due-date-run";
import { recordShadowVerdicts, sharedLoaders } from "@/lib/shadow/shadow-evaluations";
import { INVOICE_PAYMENTS_EXPAND } from "@/lib/stripe/gateway";
import { classifyEvent, type Classification, type EventIntent } from "./classify-event";
import { catchUpOutcome } from "./catch-up-outcome";
import { cancelOverdueCheck, scheduleOverdueCheck } from "./overdue-check";
import { stripeEventSchema, type StripeEvent } from "./stripe-event";

/**
 * Takes a stored event for processing. Only one process can hold it: the conditional update is the
 * lock (the route's after-response processing and a worker's recovery sweep may race for it). The
 * same statement reads the config stamp, so matching reads automations and settings only when one
 * changed (lib/automations/matching-config.ts). Null when another process holds the event.
 */
async function claimEvent(
  engine: Engine,
  eventId: string,
  firing: Firing | null,
): Promise<Pick<ClaimedEvent, "config" | "evaluated"> | null> {
  const now = engine.now();
  const leaseUntil = new Date(now.getTime() + engine.config.leaseSeconds * 1000);
  // And, for the one trigger the event fires, whether that trigger was already evaluated for its
  // object: the look fireTrigger would otherwise make on its own.
  const evaluatedBy = firing
    ? Prisma.sql`, (SELECT "eventId" FROM "Evaluation" WHERE "trigger" = ${firing.trigger} AND "objectId" = ${firing.objectId}) AS "evaluatedBy"`
    : Prisma.empty;
  // A direct statement (lib/db/direct-sql.ts): every event makes it.
  const [claimed] = await engine.sql.query<{ configStamp: string | null; evaluatedBy?: string | null }>(Prisma.sql`
    UPDATE "Event" SET "lockedBy" = ${engine.workerId}, "lockedUntil" = ${leaseUntil}, "attempts" = "attempts" + 1
    WHERE "id" = ${eventId} AND "status" = 'pending' AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
    RETURNING ${CONFIG_STAMP}${evaluatedBy}`);
  if (!claimed) return null;
  return {
    config: matchingConfig(engine.db, claimed.configStamp),
    evaluated: firing ? { ...firing, byEventId: claimed.evaluatedBy ?? null } : undefined,
  };
}

/** The one trigger an event fires, for an object. */
interface Firing {
  trigger: Trigger;
  objectId: string;
}

function soleFiring({ intents }: Classification): Firing | null {
  const fires = intents.flatMap((intent) => (intent.kind === "fire" ? [intent] : []));
  return fires.length === 1 ? { trigger: fires[0]!.trigger, objectId: fires[0]!.objectId } : null;
}

/** The event as the webhook just parsed, classified and stored it: nothing to read back. */
interface ReceivedEvent {
  event: StripeEvent;
  classification: Classification;
}

/** The event's stored payload, as the workers' claim read it: still to be parsed. */
interface StoredEvent {
  payload: unknown;
}

/** An event this process holds (its claim succeeded), with what matching reads besides it. */
export type ClaimedEvent = {
  eventId: string;
  config: MatchingConfig;
  causedByRunStepId: string | null;
  /** What the claim found of the trigger the event fires: the event that evaluated it first, or null. */
  evaluated?: Firing & { byEventId: string | null };
} & (ReceivedEvent | StoredEvent);

/**
 * Matches a stored event and applies what it asks: start a run, end runs, schedule the overdue
 * check. Safe to call more than once for an event: every effect is guarded by a unique key.
 * Returns the outcome sentence, or null if another process holds the event.
 */
export async function processEvent(
  engine: Engine,
  eventId: string,
  /** The event as the webhook just parsed and stored it: nothing is read back. */
  received: { event: StripeEvent; causedByRunStepId: string | null },
): Promise<string | null> {
  const classification = classifyEvent(received.event);
  const claimed = await claimEvent(engine, eventId, soleFiring(classification));
  if (!claimed) return null;
  return matchClaimedEvent(engine, { eventId, ...claimed, ...received, classification });
}

/**
 * Claims up to `limit` stored events not yet matched, oldest first, with their payloads, in one
 * statement (the workers' events pump): left by a web instance without a worker, or by a process
 * that died or failed matching them (taken again once the lease or the retry time has passed).
 */
export async function claimPendingEvents(engine: Engine, limit: number): Promise<ClaimedEvent[]> {
  const now = engine.now();
  const leaseUntil = new Date(now.getTime() + engine.config.leaseSeconds * 1000);
  const lock = engine.provider === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  const rows = await engine.sql.claimInIndexOrder((sql) =>
    sql.query<{
      id: string;
      payload: unknown;
      causedByRunStepId: string | null;
      configStamp: string | null;
    }>(Prisma.sql`
    UPDATE "Event" SET "lockedBy" = ${engine.workerId}, "lockedUntil" = ${leaseUntil}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT e."id" FROM "Event" e
      WHERE e."status" = 'pending' AND (e."lockedUntil" IS NULL OR e."lockedUntil" < ${now})
      ORDER BY e."receivedAt"
      LIMIT ${limit}
      ${lock}
    )
    RETURNING "id", "payload", "causedByRunStepId", ${CONFIG_STAMP}`),
  );
  return rows.map((row) => ({
    eventId: row.id,
    config: matchingConfig(engine.db, row.configStamp),
    payload: row.payload,
    causedByRunStepId: row.causedByRunStepId,
  }));
}

/**
 * Gives back events this worker claimed but never started (it is stopping), so another takes them
 * up now rather than after the lease; the attempt the claim counted is uncounted.
 */
export async function releaseEvents(engine: Engine, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await engine.sql.execute(Prisma.sql`
    UPDATE "Event" SET "lockedBy" = NULL, "lockedUntil" = NULL, "attempts" = "attempts" - 1
    WHERE "id" IN (${Prisma.join(eventIds)}) AND "lockedBy" = ${engine.workerId} AND "status" = 'pending'`);
}

/** Matches an event this process has claimed; records its outcome, or its failure and next attempt. */
export async function matchClaimedEvent(engine: Engine, claimed: ClaimedEvent): Promise<string | null> {
  const { eventId, config, evaluated, causedByRunStepId } = claimed;
  try {
    const event = "event" in claimed ? claimed.event : stripeEventSchema.parse(rawJson(claimed.payload));
    const classification = "event" in claimed ? claimed.classification : classifyEvent(event);
    const matching = { eventId, event, classification, config, evaluated };
    const outcome = causedByRunStepId
      ? await applyEngineCausedEvent(engine, matching, causedByRunStepId)
      : await applyEvent(engine, matching);
    await engine.sql.execute(Prisma.sql`
      UPDATE "Event" SET "status" = 'processed', "outcome" = ${outcome}, "error" = NULL, "processedAt" = ${engine.now()},
        "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE "id" = ${eventId}`);
    countEventMatched("processed");
    return outcome;
  } catch (error) {
    const message = redactText(error instanceof Error ? error.message : String(error), engine.config);
    const { attempts } = await engine.db.event.findUniqueOrThrow({
      where: { id: eventId },
      select: { attempts: true },
    });
    const gaveUp = attempts >= MAX_EVENT_ATTEMPTS;
    // Left pending with a lease in the future, the event is picked up again by a worker's sweep.
    const retryAt = nextAttemptAt(engine.now(), attempts);
    await engine.db.event.updateMany({
      where: { id: eventId },
      data: gaveUp
        ? { status: "failed", error: message, lockedBy: null, lockedUntil: null, processedAt: engine.now() }
        : { error: message, lockedBy: null, lockedUntil: retryAt },
    });
    countEventMatched(gaveUp ? "failed" : "retrying");
    engine.log.error(
      { eventId, attempt: attempts, gaveUp, retryAt: gaveUp ? undefined : retryAt, err: error },
      gaveUp ? "event processing failed; giving up" : "event processing failed; will retry",
    );
    return null;
  }
}

/** An event being matched, with what matching reads besides it. */
interface Matching {
  eventId: string;
  event: StripeEvent;
  classification: Classification;
  config: MatchingConfig;
  evaluated?: ClaimedEvent["evaluated"];
}

async function applyEvent(engine: Engine, matching: Matching, chain?: RunChain): Promise<string> {
  const { intents, notes } = matching.classification;
  const outcomes: string[] = [];
  for (const intent of intents) {
    // The engine's own changes end nothing and move nothing: its run re-checks Stripe before each
    // action anyway, and an event of its own (auto_advance turned off to take over retries) must
    // not end the run that caused it. They may only start a run of another trigger.
    // Outcomes are the exception: the engine's own payment or write-off is exactly what they record.
    if (chain && intent.kind !== "fire" && intent.kind !== "outcome") continue;
    const outcome = await applyIntent(engine, matching, intent, chain);
    if (outcome) outcomes.push(outcome);
  }
  return [...outcomes, ...notes].join("; ") || "nothing to do";
}

/** Where a run sits in a chain of runs that set each other off through Stripe events. */
export interface RunChain {
  causedByRunId: string;
  /** 1 for a run started by an event a run of an outside event caused, and so on. */
  depth: number;
}

/**
 * Runs may set off one more run through Stripe (the engine cancels a subscription; the
 * subscription_canceled automation sends the cancellation email); a run of such a run would be a
 * chain that can loop, so it is stopped with an error instead.
 */
const MAX_CHAIN_DEPTH = 1;

/** An event the engine's own call caused (its idempotency key names the run step). */
async function applyEngineCausedEvent(engine: Engine, matching: Matching, runStepId: string): Promise<string> {
  const cause = await engine.db.runStep.findUnique({
    where: { id: runStepId },
    select: { runId: true, run: { select: { chainDepth: true } } },
  });
  const prefix = `caused by the engine's own call (run step ${runStepId})`;
  if (!cause) return `${prefix}, which no longer exists: starts and ends nothing`;
  const outcome = await applyEvent(engine, matching, {
    causedByRunId: cause.runId,
    depth: cause.run.chainDepth + 1,
  });
  return `${prefix}: ${outcome === "nothing to do" ? "starts and ends nothing" : outcome}`;
}

async function applyIntent(
  engine: Engine,
  { eventId, event, config, evaluated }: Matching,
  intent: EventIntent,
  chain?: RunChain,
): Promise<string | null> {
  const now = engine.now();
  switch (intent.kind) {
    case "fire":
      return fireTrigger(engine, {
        eventId,
        trigger: intent.trigger,
        objectId: intent.objectId,
        object: event.data.object as StripeObject,
        anchorAt: intent.anchorAt,
        matchedAt: new Date(event.created * 1000),
        dueDate: intent.dueDate,
        chain,
        config,
        evaluatedBy:
          evaluated?.trigger === intent.trigger && evaluated.objectId === intent.objectId
            ? evaluated.byEventId
            : undefined,
      });
    case "terminate": {
      const ended = await terminateInvoiceRuns(engine.db, { ...intent, now });
      return ended.length ? `${intent.reason}: terminated ${ended.length} run(s)` : null;
    }
    case "schedule_overdue_check":
      await scheduleOverdueCheck(engine.db, { invoiceId: intent.invoiceId, at: intent.at, invoice: event.data.object });
      return `overdue check scheduled for ${intent.at.toISOString()}`;
    case "cancel_overdue_check":
      return (await cancelOverdueCheck(engine.db, intent.invoiceId)) ? "overdue check canceled" : null;
    case "reschedule_due_date": {
      await scheduleOverdueCheck(engine.db, {
        invoiceId: intent.invoiceId,
        at: intent.dueDate,
        invoice: event.data.object,
      });
      const moved = await rescheduleDueDateRun(engine.db, { invoiceId: intent.invoiceId, dueDate: intent.dueDate });
      return `due date moved to ${intent.dueDate.toISOString()}${moved ? `: ${moved} step(s) rescheduled` : ""}`;
    }
    case "outcome": {
      const changed = await applyEnd(engine.db, intent.end);
      return changed ? `${changed} outcome(s) updated` : null;
    }
  }
}

/**
 * One trigger for one object: check the trigger's active automations in priority order, keep the
 * trace, and start a run of the first that matches. The Evaluation row is unique per trigger and
 * object, so a redelivery or a second event for the same thing never starts a second run.
 */
export async function fireTrigger(
  engine: Engine,
  input: {
    eventId: string;
    trigger: Trigger;
    objectId: string;
    object: StripeObject;
    anchorAt: Date;
    /** When the moment the trigger names happened (the event's `created`): outcomes count from it. */
    matchedAt: Date;
    dueDate?: Date;
    chain?: RunChain;
    /** What the event's claim found current (lib/automations/matching-config.ts); else read now. */
    config?: MatchingConfig;
    /** The event that already evaluated this trigger for this object (null: none), as the claim found; else looked up now. */
    evaluatedBy?: string | null;
  },
): Promise<string> {
  const already =
    input.evaluatedBy !== undefined
      ? input.evaluatedBy
      : ((
          await engine.sql.query<{ eventId: string }>(Prisma.sql`
            SELECT "eventId" FROM "Evaluation" WHERE "trigger" = ${input.trigger} AND "objectId" = ${input.objectId}`)
        )[0]?.eventId ?? null);
  if (already)
    return `${triggerDefinitions[input.trigger].label}: already handled for ${input.objectId} (event ${already})`;

  const config = input.config ?? matchingConfig(engine.db, null);
  const [{ live: automations, shadow }, settings] = await Promise.all([
    config.automations(input.trigger),
    config.settings(),
  ]);
  const dryRun = engine.gateway.mode === "dry-run";
  const unavailableReason = dryRun ? "not read in dry-run mode (no STRIPE_SECRET_KEY)" : "not found in Stripe";
  const loaders = sharedLoaders({
    customer: (id) => engine.gateway.retrieveCustomer(id),
    subscription: (id) => engine.gateway.retrieveSubscription(id),
    // One read for any payload version: the invoice at the pinned version lists its payments.
    paymentFailure: (invoiceId) => engine.gateway.retrieveInvoice(invoiceId, { expand: [...INVOICE_PAYMENTS_EXPAND] }),
  });
  // Before the live verdict, so a retry of this event (the live one already recorded) still records them.
  const shadows = await recordShadowVerdicts(engine, { ...input, shadow, loaders, settings, unavailableReason });
  const withShadows = (outcome: string) => [outcome, ...shadows].join("; ");
  // Most events meet a trigger with no automations at all: nothing to evaluate, nothing to lock.
  if (automations.length === 0) {
    return withShadows(
      await recordEvaluation(engine, input, {
        trigger: input.trigger,
        matchedAutomationId: null,
        summary: NO_MATCH_SUMMARY,
        checked: [],
        stripeReads: { customer: 0, subscription: 0 },
      }),
    );
  }
  const trace: MatchTrace = await evaluateAutomations({
    trigger: input.trigger,
    automations: automations.map((automation) => ({ ...automation, priority: automation.priority ?? 0 })),
    object: input.object,
    loaders,
    settings,
    unavailableReason,
  });
  const winner = automations.find((automation) => automation.id === trace.matchedAutomationId);
  if (!winner) return withShadows(await recordEvaluation(engine, input, trace));
  if (isHeldOut(winner, input.objectId)) return withShadows(await recordHeldOut(engine, input, winner, trace));

  try {
    const { run, inserts } = newRun({
      automation: winner,
      trigger: input.trigger,
      object: input.object,
      eventId: input.eventId,
      anchorAt: input.anchorAt,
      matchedAt: input.matchedAt,
      dueDate: input.dueDate,
      dryRun,
      chain: input.chain,
    });
    const evaluation: TableRows = {
      table: "Evaluation",
      rows: [
        {
          id: newId(),
          eventId: input.eventId,
          trigger: input.trigger,
          objectId: input.objectId,
          matchedAutomationId: winner.id,
          runId: run.id,
          trace: json(trace),
          createdAt: new Date(),
        },
      ],
    };
    const statements = [...inserts, evaluation].map((insert) => insertStatement(engine.provider, insert));
    const tooDeep = (input.chain?.depth ?? 0) > MAX_CHAIN_DEPTH;
    if (tooDeep) {
      // Kept as a failed run, so the stopped chain shows where the team looks for errors.
      await engine.sql.transaction(async (sql) => {
        for (const statement of statements) await sql.execute(statement);
        await endRunWith(sql, {
          runId: run.id,
          status: "failed",
          reason: `Stopped before any step: started by an event that run ${input.chain?.causedByRunId} caused, itself started by an event the engine caused — a chain deeper than ${MAX_CHAIN_DEPTH} level could loop`,
          now: engine.now(),
        });
      });
    } else {
      // The run, its steps, its outcome and the evaluation: one statement on PostgreSQL.
      await engine.sql.writeTogether(statements);
    }
    const outcome = tooDeep
      ? {
          run: null,
          said: `${triggerDefinitions[input.trigger].label}: run ${run.id} of “${winner.name}” stopped: chain too deep`,
        }
      : {
          run,
          said: `${triggerDefinitions[input.trigger].label}: started run ${run.id} of “${winner.name}”${dryRun ? " (dry-run)" : ""}`,
        };
    if (outcome.run) afterRunStarted(engine, outcome.run);
    await catchUpOutcome(engine, input.object);
    return withShadows(outcome.said);
  } catch (error) {
    // Another process evaluated the same trigger and object a moment earlier; its run stands.
    if (isUniqueViolation(error))
      return `${triggerDefinitions[input.trigger].label}: already handled for ${input.objectId}`;
    throw error;
  }
}

/**
 * A match its automation holds out: the trace says so, no run starts, and its outcome is followed for
 * as long as the run would have lasted, plus the recovery window, to compare with the runs.
 */
async function recordHeldOut(
  engine: Engine,
  input: {
    eventId: string;
    trigger: Trigger;
    objectId: string;
    object: StripeObject;
    anchorAt: Date;
    matchedAt: Date;
    dueDate?: Date;
  },
  winner: AutomationRecord,
  trace: MatchTrace,
): Promise<string> {
  const scheduled = computeDueTimes(winner.steps, input.anchorAt, input.dueDate);
  const lastDue = Math.max(input.matchedAt.getTime(), ...scheduled.map((step) => step.dueAt.getTime()));
  const heldOut: MatchTrace = { ...trace, heldOut: true, summary: `“${winner.name}” matched; ${HELD_OUT_SUMMARY}` };
  const outcome = await recordEvaluation(engine, input, heldOut, (tx) =>
    recordMatch(tx, {
      automationId: winner.id,
      trigger: input.trigger,
      object: input.object,
      matchedAt: input.matchedAt,
      runId: null,
      heldOut: true,
      followUntil: new Date(lastDue + RECOVERY_WINDOW_MS),
    }),
  );
  await catchUpOutcome(engine, input.object);
  return outcome;
}

/**
 * A trigger that started nothing: its trace, one row (still unique per trigger and object), and with
 * a held-out match its outcome in the same transaction. The winner is named unless it was held out.
 */
async function recordEvaluation(
  engine: Engine,
  input: { eventId: string; trigger: Trigger; objectId: string },
  trace: MatchTrace,
  alsoRecord?: (tx: Tx) => Promise<void>,
): Promise<string> {
  const data = {
    eventId: input.eventId,
    trigger: input.trigger,
    objectId: input.objectId,
    matchedAutomationId: trace.heldOut ? trace.matchedAutomationId : null,
    trace: toJson(trace),
  };
  try {
    if (alsoRecord) {
      await engine.db.$transaction(async (tx) => {
        await tx.evaluation.create({ data });
        await alsoRecord(tx);
      });
    } else {
      await engine.db.evaluation.create({ data });
    }
    return `${triggerDefinitions[input.trigger].label}: ${trace.summary}`;
  } catch (error) {
    if (isUniqueViolation(error))
      return `${triggerDefinitions[input.trigger].label}: already handled for ${input.objectId}`;
    throw error;
  }
}
