import { stepInWords, stepKind } from "@/lib/steps";
import { permanentError, type ActionDefinition, type ActionOutcome, type InvoiceView } from "@/lib/steps/definition";
import { runContextSchema } from "@/lib/steps/run-context";
import { redactText } from "@/lib/config";
import type { SqlRunner } from "@/lib/db/direct-sql";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { insertStatement, json, newId, sqlValue } from "@/lib/db/insert-rows";
import type { Engine } from "@/lib/engine/engine";
import { stepIdempotencyKey } from "@/lib/runs/idempotency-key";
import { latestWebhookObject } from "@/lib/events/latest-webhook-object";
import { STRIPE_API_VERSION } from "@/lib/stripe/client";
import type { StripeInvoiceLike } from "@/lib/stripe/gateway";
import { getSettings } from "@/lib/settings/settings";
import { MAX_STEP_ATTEMPTS, retryDelaySeconds } from "@/lib/jobs/backoff";
import { classifyStepError } from "./classify-step-error";
import { readJson } from "@/lib/db/json";
import { runSnapshotSchema } from "./run-snapshot";
import { stepServices } from "./step-services";
import { endRunIfDone, endRunWith } from "./end-run";
import { countStep } from "@/lib/metrics/metrics";
import { invoiceEndsRun } from "./invoice-ends-run";

type StepRow = Prisma.RunStepGetPayload<{ include: { run: true } }>;

/**
 * Runs one claimed step and records what happened. Every write is fenced by the lease: if this
 * worker's lease expired and another took the step over, this worker's result is dropped (the
 * idempotency keys made the other's Stripe calls replays, so nothing was done twice).
 */
export async function executeStep(engine: Engine, stepId: string): Promise<void> {
  const step = await loadStep(engine, stepId);
  if (!step || step.lockedBy !== engine.workerId) return;
  if (step.run.status !== "running") {
    await finishStep(engine, step, { status: "canceled", error: `run is ${step.run.status}` });
    return;
  }
  // A dry-run run stays one, even if a Stripe key has been set since it started.
  const dryRun = step.run.dryRun || engine.gateway.mode === "dry-run";
  try {
    const { ended, invoice } = await checkInvoiceBeforeActing(engine, step, dryRun);
    if (ended) {
      await completeStep(
        engine,
        step,
        { result: { skipped: ended } },
        { status: "terminated", reason: ended },
        "skipped",
      );
      return;
    }
    const outcome = await runAction(engine, step, { dryRun, invoice });
    await completeStep(engine, step, outcome, outcome.endRun);
  } catch (error) {
    await failStep(engine, step, error);
  }
}

/**
 * The step and its run. On PostgreSQL one direct statement (lib/db/direct-sql.ts), the run as
 * jsonb, whose timestamps come back as text; on SQLite a raw row keeps JSON as text and booleans as
 * numbers, so Prisma reads it.
 */
async function loadStep(engine: Engine, stepId: string): Promise<StepRow | null> {
  if (engine.provider !== "postgresql") {
    return engine.db.runStep.findUnique({ where: { id: stepId }, include: { run: true } });
  }
  const [step] = await engine.sql.query<Omit<StepRow, "run"> & { run: Record<string, unknown> | null }>(Prisma.sql`
    SELECT s.*, to_jsonb(r.*) AS "run" FROM "RunStep" s LEFT JOIN "Run" r ON r."id" = s."runId" WHERE s."id" = ${stepId}`);
  if (!step?.run) return null;
  const run = step.run;
  for (const column of RUN_TIMESTAMPS) {
    if (typeof run[column] === "string") run[column] = new Date(`${run[column]}Z`);
  }
  return { ...step, run: run as StepRow["run"] };
}

/** The Run columns that are timestamps: UTC without a zone, as Prisma keeps DateTime. */
const RUN_TIMESTAMPS = ["anchorAt", "createdAt", "updatedAt", "endedAt"] as const;

/** The step's action, or a permanent failure for a kind this version does not know. */
function definitionOf(step: StepRow): ActionDefinition {
  const definition = stepKind(step.action);
  if (!definition) throw permanentError(`unknown action ${step.action}`);
  return definition;
}

async function runAction(
  engine: Engine,
  step: StepRow,
  seen: { dryRun: boolean; invoice: InvoiceView | undefined },
): Promise<ActionOutcome> {
  const definition = definitionOf(step);
  // The JSON columns, read through their schemas: a run or step stored by an older version that no
  // longer reads fails here, saying which, never as a cast deep inside the action.
  const snapshot = readJson(runSnapshotSchema, step.run.snapshot, `run ${step.run.id}'s snapshot`);
  const context = readJson(runContextSchema, step.run.context, `run ${step.run.id}'s context`);
  const params = definition.params.safeParse(step.params ?? {});
  if (!params.success) {
    throw permanentError(
      `${stepInWords(step)}: its params no longer read as ${step.action}'s: ${params.error.issues[0]?.message ?? ""}`,
    );
  }
  return definition.execute(
    {
      ...stepServices(engine, { stepId: step.id, objectId: step.run.objectId, dryRun: seen.dryRun }),
      dryRun: seen.dryRun,
      invoice: seen.invoice,
      now: engine.now,
      run: {
        id: step.run.id,
        trigger: step.run.trigger,
        automationName: snapshot.automationName,
        context,
        dryRun: step.run.dryRun,
        tookOverCollection: step.run.tookOverCollection,
      },
      step: {
        id: step.id,
        key: step.key,
        position: step.position,
        dueAt: step.dueAt,
        firstAttemptAt: step.startedAt ?? engine.now(),
      },
      settings: () => getSettings(engine.db),
      idempotencyKey: (operation) => stepIdempotencyKey(step.id, operation, step.manualRetries),
    },
    params.data,
  );
}

/**
 * Stripe does not deliver events in order, so the invoice is looked at again right before acting: a
 * paid or voided invoice (or one whose auto_advance someone else turned off) ends the run instead.
 * An action whose write Stripe refuses on an invoice no longer open (stripeRefusesOnceSettled), and
 * dry-run, which reads nothing from Stripe, look at the invoice as the newest webhook showed it —
 * which still ends a run whose invoice.paid arrived before the event that started it; any other
 * action reads it from Stripe. The invoice seen is handed to the action (the will_be_due webhook
 * sends it).
 */
async function checkInvoiceBeforeActing(
  engine: Engine,
  step: StepRow,
  dryRun: boolean,
): Promise<{ ended: string | null; invoice?: InvoiceView }> {
  const invoiceId = step.run.invoiceId;
  const definition = stepKind(step.action);
  if (!definition?.checksInvoice || !invoiceId || step.run.objectType !== "invoice") return { ended: null };
  const fromWebhooks = dryRun || definition.stripeRefusesOnceSettled === true;
  const invoice = fromWebhooks
    ? await invoiceFromWebhooks(engine, invoiceId)
    : await invoiceFromStripe(engine, invoiceId);
  // No webhook carried it (a run started by hand): the write itself asks Stripe.
  if (!invoice) return { ended: fromWebhooks ? null : `invoice ${invoiceId} no longer exists in Stripe` };
  const reason = invoiceEndsRun(invoice.invoice, step.run);
  return reason ? { ended: `${reason} (checked before acting)` } : { ended: null, invoice };
}

async function invoiceFromStripe(engine: Engine, invoiceId: string): Promise<InvoiceView | null> {
  const invoice = await engine.gateway.retrieveInvoice(invoiceId);
  return invoice && { invoice, apiVersion: STRIPE_API_VERSION, source: "stripe" };
}

async function invoiceFromWebhooks(engine: Engine, invoiceId: string): Promise<InvoiceView | null> {
  const seen = await latestWebhookObject(engine.sql, invoiceId);
  return seen && { invoice: seen.object as StripeInvoiceLike, apiVersion: seen.apiVersion, source: "webhook" };
}

/**
 * Holds the run's row for the rest of the transaction, so step completions of one run take turns;
 * the same write records a takeover of collection, when the step made one.
 */
async function lockRun(engine: Engine, sql: SqlRunner, runId: string, now: Date, tookOverCollection = false) {
  const tookOver = tookOverCollection
    ? Prisma.sql`, "tookOverCollection" = ${sqlValue(engine.provider, true)}`
    : Prisma.empty;
  await sql.execute(Prisma.sql`UPDATE "Run" SET "updatedAt" = ${now}${tookOver} WHERE "id" = ${runId}`);
}

/**
 * Records the step's result and moves its run on, in one transaction of direct statements (the
 * worker's hottest path): the run's row is locked first, so completions of one run take turns; the
 * step's write is fenced by the lease; then the steps the action added, and the run's end — by the
 * action's word, or because nothing is left to do.
 */
async function completeStep(
  engine: Engine,
  step: StepRow,
  outcome: ActionOutcome,
  end: ActionOutcome["endRun"] | undefined,
  status: "succeeded" | "skipped" = "succeeded",
): Promise<void> {
  const now = engine.now();
  const provider = engine.provider;
  const nextDueNow = await engine.sql.transaction(async (sql): Promise<boolean> => {
    await lockRun(engine, sql, step.runId, now, outcome.tookOverCollection === true);
    const completed = await sql.execute(Prisma.sql`
      UPDATE "RunStep"
      SET "status" = ${status}, "result" = ${sqlValue(provider, json(outcome.result))},
        "dryRun" = ${sqlValue(provider, outcome.dryRun ?? step.dryRun)}, "error" = NULL, "finishedAt" = ${now},
        "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE "id" = ${step.id} AND "lockedBy" = ${engine.workerId} AND "status" = 'running'`);
    if (completed === 0) return false; // the lease was lost; the worker that holds the step now records it
    countStep(step.action, status);
    if (outcome.addSteps?.length) {
      const rows = outcome.addSteps.map((added) => ({
        id: newId(),
        runId: step.runId,
        position: step.position,
        key: added.key,
        action: added.action,
        params: json(added.params),
        dueAt: added.dueAt,
        blocking: false,
        dryRun: step.run.dryRun,
        createdAt: now,
      }));
      await sql.execute(insertStatement(provider, { table: "RunStep", rows }));
    }
    if (end) {
      await endRunWith(sql, { runId: step.runId, status: end.status, reason: end.reason, now });
      return false;
    }
    if (await endRunIfDone(sql, { runId: step.runId, now })) return false;
    const [next] = await sql.query<{ dueNow: number }>(Prisma.sql`
      SELECT CASE WHEN "dueAt" <= ${now} THEN 1 ELSE 0 END AS "dueNow" FROM "RunStep"
      WHERE "runId" = ${step.runId} AND "status" IN ('pending', 'running')
      ORDER BY "dueAt" LIMIT 1`);
    return Number(next?.dueNow ?? 0) === 1;
  });
  // A step that was waiting behind this one and is due already: no reason to leave it to a tick.
  if (nextDueNow) engine.signal.notify("steps");
}

async function failStep(engine: Engine, step: StepRow, error: unknown): Promise<void> {
  const now = engine.now();
  // Stored on the step and shown in the UI: a secret an error echoes (an API key in Stripe's
  // message, a password in a URL) is masked before it is kept anywhere.
  const classified = classifyStepError(error);
  const failure = { ...classified, message: redactText(classified.message, engine.config) };
  // Each manual retry brings a fresh budget of automatic attempts.
  const retry = failure.kind === "transient" && step.attempts < MAX_STEP_ATTEMPTS * (step.manualRetries + 1);
  const where = {
    runId: step.runId,
    stepId: step.id,
    stepKey: step.key,
    automationId: step.run.automationId,
    action: step.action,
    objectId: step.run.objectId,
    attempt: step.attempts,
    kind: failure.kind,
    err: error,
  };
  countStep(step.action, retry ? "retrying" : "failed");
  if (retry) {
    const delaySeconds = retryDelaySeconds(step.attempts, failure);
    engine.log.warn({ ...where, retryInSeconds: delaySeconds }, `step failed; will retry: ${failure.message}`);
    // Back to pending with a later due time and no lease: any worker takes it up then, same idempotency keys.
    await engine.db.runStep.updateMany({
      where: { id: step.id, lockedBy: engine.workerId },
      data: {
        status: "pending",
        dueAt: new Date(now.getTime() + delaySeconds * 1000),
        error: `attempt ${step.attempts} failed, will retry: ${failure.message}`,
        lockedBy: null,
        lockedUntil: null,
      },
    });
    return;
  }
  const reason = `${stepInWords(step)} failed${failure.kind === "transient" ? ` after ${step.attempts} attempts` : ""}: ${failure.message}`;
  engine.log.error(where, `step failed; the run fails: ${failure.message}`);
  await engine.sql.transaction(async (sql) => {
    await lockRun(engine, sql, step.runId, now);
    const failed = await sql.execute(Prisma.sql`
      UPDATE "RunStep"
      SET "status" = 'failed', "error" = ${failure.message}, "finishedAt" = ${now}, "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE "id" = ${step.id} AND "lockedBy" = ${engine.workerId}`);
    if (failed === 1) await endRunWith(sql, { runId: step.runId, status: "failed", reason, now });
  });
}

async function finishStep(engine: Engine, step: StepRow, input: { status: "canceled"; error: string }) {
  countStep(step.action, input.status);
  await engine.db.runStep.updateMany({
    where: { id: step.id, lockedBy: engine.workerId },
    data: { status: input.status, error: input.error, finishedAt: engine.now(), lockedBy: null, lockedUntil: null },
  });
}
