// A test clock for one invoice: the whole path an automation would take with it over virtual time,
// through the engine's own code — the due times (computeDueTimes), each action's definition and
// executor (lib/steps), the run-ending rules (invoiceEndsRun) and the payment retries set_retry_policy
// adds — with a clock that jumps to each step, and a Stripe held in memory (lib/simulations/sandbox.ts)
// that answers a payment attempt as the assumed outcome says. Nothing leaves the process.
import { z } from "zod";
import { findDestination } from "@/lib/destinations/destinations";
import type { Engine } from "@/lib/engine/engine";
import { invalid, parseOrThrow } from "@/lib/errors";
import { latestWebhookObject } from "@/lib/events/latest-webhook-object";
import type { StripeObject } from "@/lib/rules/facts";
import { computeDueTimes } from "@/lib/runs/compute-due-times";
import { invoiceEndsRun } from "@/lib/runs/invoice-ends-run";
import { getSettings } from "@/lib/settings/settings";
import { describeAction, stepInWords, stepKind } from "@/lib/steps";
import type { ActionContext, ActionOutcome } from "@/lib/steps/definition";
import { buildRunContext } from "@/lib/steps/run-context";
import { STRIPE_API_VERSION } from "@/lib/stripe/client";
import type { StripeInvoiceLike } from "@/lib/stripe/gateway";
import { triggerDefinitions } from "@/lib/triggers";
import { strictFields } from "@/lib/zod/strict-fields";
import { resolveAutomationSet, type SimulatedAutomation } from "./automation-set";
import { readOnlyGateway, recordingEmail, recordingHttp, recordingWebhooks, virtualGateway } from "./sandbox";

/** Steps one timeline follows at most (a retry schedule adds steps; a loop would be a bug). */
const MAX_TIMELINE_STEPS = 200;

export const timelineInputSchema = strictFields(
  {
    automation: z
      .unknown()
      .refine((value) => value !== undefined, { error: "automation is required: a draft, or { id }" }),
    invoice: z.union(
      [
        z.string().regex(/^in_[A-Za-z0-9_]+$/, { error: "invoice must be an invoice id (in_…) or a Stripe invoice" }),
        z.looseObject({
          id: z.string({ error: "invoice.id must be the invoice's id" }).min(1),
          object: z.literal("invoice", { error: 'invoice.object must be "invoice"' }),
        }),
      ],
      { error: "invoice must be an invoice id (in_…) or a Stripe invoice as JSON" },
    ),
    outcome: strictFields(
      {
        paysAtAttempt: z
          .number({ error: "outcome.paysAtAttempt must be a whole number of 1 or more, or null (never pays)" })
          .int({ error: "outcome.paysAtAttempt must be a whole number" })
          .min(1, { error: "outcome.paysAtAttempt must be 1 or more (1: the first retry succeeds)" })
          .max(100, { error: "outcome.paysAtAttempt must be at most 100" })
          .nullable(),
      },
      "outcome",
    ).optional(),
  },
  "a timeline",
);

export interface TimelineStep {
  /** When the step acts, on the virtual clock. */
  at: string;
  /** The step kind (an action, or the payment retries the engine adds). */
  action: string;
  /** The step in words ("Payment retry 2 of 3"). */
  label: string;
  /** What it would do: "would POST /v1/invoices/in_…/pay", "would email …" — or why it did nothing. */
  effect: string;
  status: "succeeded" | "failed" | "skipped";
  /** What the step would record (the rendered email, the event it would send…). */
  result: Record<string, unknown>;
}

export interface Timeline {
  automation: { id: string | null; name: string; trigger: string };
  invoiceId: string;
  invoiceFrom: "request" | "stripe" | "webhook";
  outcome: { paysAtAttempt: number | null };
  startedAt: string;
  steps: TimelineStep[];
  endedAt: string;
  endedBecause: string;
  status: "succeeded" | "terminated" | "failed";
}

async function theInvoice(
  engine: Pick<Engine, "db" | "sql" | "gateway">,
  invoice: string | Record<string, unknown>,
): Promise<{ invoice: StripeInvoiceLike; from: Timeline["invoiceFrom"]; apiVersion: string | null }> {
  if (typeof invoice !== "string") return { invoice: invoice as StripeInvoiceLike, from: "request", apiVersion: null };
  const read = await readOnlyGateway(engine.gateway).retrieveInvoice(invoice);
  if (read) return { invoice: read, from: "stripe", apiVersion: STRIPE_API_VERSION };
  const seen = await latestWebhookObject(engine.sql, invoice);
  if (seen) return { invoice: seen.object as StripeInvoiceLike, from: "webhook", apiVersion: seen.apiVersion };
  const message =
    engine.gateway.mode === "dry-run"
      ? `no stored event carries ${invoice}, and this server has no STRIPE_SECRET_KEY to read it: give the invoice as JSON`
      : `${invoice} is neither in Stripe nor in any stored event`;
  throw invalid(`invalid timeline: invoice: ${message}`, [{ path: "invoice", message }]);
}

async function theAutomation(engine: Pick<Engine, "db">, entry: unknown): Promise<SimulatedAutomation> {
  try {
    const [automation] = await resolveAutomationSet(engine.db, [entry]);
    if (!automation) throw new Error("no automation resolved");
    return automation;
  } catch (error) {
    // The set's paths say automations.0; here the field is automation.
    if (error instanceof Error && "issues" in error && Array.isArray(error.issues)) {
      const issues = (error.issues as Array<{ path: string; message: string }>).map((issue) => ({
        ...issue,
        path: issue.path.replace(/^automations\.0/, "automation"),
      }));
      throw invalid(`invalid timeline: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, issues);
    }
    throw error;
  }
}

/** When the path starts: the due date for triggers timed from it, else the moment asked (now). */
function anchorOf(automation: SimulatedAutomation, invoice: StripeInvoiceLike, now: Date) {
  const dueDate = typeof invoice.due_date === "number" ? new Date(invoice.due_date * 1000) : undefined;
  const anchor = triggerDefinitions[automation.trigger].anchor;
  if (anchor === "the event") return { anchorAt: now, dueDate };
  if (!dueDate) {
    const message = `${automation.trigger} runs are timed from the invoice's due date, and this invoice has none (due_date)`;
    throw invalid(`invalid timeline: invoice: ${message}`, [{ path: "invoice.due_date", message }]);
  }
  return { anchorAt: dueDate, dueDate };
}

interface QueuedStep {
  key: string;
  position: number;
  action: string;
  params: Record<string, unknown>;
  dueAt: Date;
}

function effectOf(action: string, outcome: ActionOutcome | null, error: string | null): string {
  if (error) return `fails: ${error}`;
  const result = outcome?.result ?? {};
  const lines = [
    ...(typeof result.dryRun === "string" ? [result.dryRun] : []),
    // Everything here is a "would": the run page's dry-run marker says nothing more.
    ...(stepKind(action)?.describeResult(result) ?? []).map((line) => line.replace(/ \(dry-run, not sent\)$/, "")),
  ];
  return [...new Set(lines)].join("; ") || "nothing to send";
}

export async function simulateTimeline(
  engine: Pick<Engine, "db" | "sql" | "gateway" | "now">,
  body: unknown,
): Promise<Timeline> {
  const input = parseOrThrow(timelineInputSchema, body, "invalid timeline");
  const automation = await theAutomation(engine, input.automation);
  if (triggerDefinitions[automation.trigger].objectType !== "invoice") {
    const message = `a timeline follows an invoice; ${automation.trigger} runs belong to a subscription`;
    throw invalid(`invalid timeline: automation.trigger: ${message}`, [{ path: "automation.trigger", message }]);
  }
  const seen = await theInvoice(engine, input.invoice as string | Record<string, unknown>);
  const outcome = { paysAtAttempt: input.outcome?.paysAtAttempt ?? null };
  const startedAt = engine.now();
  const { anchorAt, dueDate } = anchorOf(automation, seen.invoice, startedAt);

  let clock = anchorAt;
  const now = () => clock;
  const state = {
    invoice: structuredClone(seen.invoice),
    subscriptionStatus: "active",
    paymentAttempts: 0,
  };
  const gateway = virtualGateway(state, outcome, now);
  const context = buildRunContext("invoice", seen.invoice as unknown as StripeObject);
  const settings = await getSettings(engine.db);
  const run = {
    id: "run_timeline",
    trigger: automation.trigger,
    automationName: automation.name,
    context,
    dryRun: true,
    tookOverCollection: false,
  };
  const queue: QueuedStep[] = computeDueTimes(automation.steps, anchorAt, dueDate).map((step) => ({
    key: String(step.position),
    position: step.position,
    action: step.action,
    params: step.params,
    dueAt: step.dueAt,
  }));
  const steps: TimelineStep[] = [];
  let ended: { because: string; status: Timeline["status"] } | null = null;

  while (queue.length > 0 && !ended && steps.length < MAX_TIMELINE_STEPS) {
    queue.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.position - b.position);
    const step = queue.shift()!;
    clock = step.dueAt;
    const definition = stepKind(step.action);
    const label = describeAction(step.action, step.params);
    const at = step.dueAt.toISOString();
    if (!definition) {
      steps.push({ at, action: step.action, label, effect: "fails: unknown action", status: "failed", result: {} });
      ended = { because: `unknown action ${step.action}`, status: "failed" };
      break;
    }
    if (definition.checksInvoice) {
      const reason = invoiceEndsRun(state.invoice, run);
      if (reason) {
        ended = { because: `${reason} (checked before acting)`, status: "terminated" };
        break;
      }
    }
    const ctx: ActionContext = {
      run,
      step: {
        id: `timeline_${step.key}`,
        key: step.key,
        position: step.position,
        dueAt: step.dueAt,
        firstAttemptAt: step.dueAt,
      },
      now,
      dryRun: true,
      gateway,
      email: recordingEmail,
      webhooks: recordingWebhooks(now),
      http: recordingHttp,
      destinations: { find: (name) => findDestination(engine.db, name) },
      lastSeen: () => Promise.resolve({ object: structuredClone(state.invoice), apiVersion: seen.apiVersion }),
      settings: () => Promise.resolve(settings),
      idempotencyKey: (operation) => `billing-automations:timeline:${step.key}:${operation}`,
      invoice: definition.checksInvoice
        ? { invoice: structuredClone(state.invoice), apiVersion: seen.apiVersion, source: "webhook" }
        : undefined,
    };
    let result: ActionOutcome | null = null;
    let error: string | null = null;
    try {
      const params = definition.params.parse(step.params ?? {});
      result = await definition.execute(ctx, params);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    steps.push({
      at,
      action: step.action,
      label,
      effect: effectOf(step.action, result, error),
      status: error ? "failed" : "succeeded",
      result: result?.result ?? { error },
    });
    if (error) {
      ended = { because: `${stepInWords(step)} failed: ${error}`, status: "failed" };
      break;
    }
    if (result?.tookOverCollection) run.tookOverCollection = true;
    for (const added of result?.addSteps ?? []) {
      queue.push({
        key: added.key,
        position: step.position,
        action: added.action,
        params: added.params,
        dueAt: added.dueAt,
      });
    }
    if (result?.endRun) {
      ended = { because: result.endRun.reason, status: result.endRun.status };
      break;
    }
    // The invoice.paid (or voided…) webhook that would follow ends the run at once, as it does live.
    const reason = invoiceEndsRun(state.invoice, run);
    if (reason)
      ended = {
        because: `${reason}${state.invoice.status === "paid" ? " (the assumed outcome)" : ""}`,
        status: "terminated",
      };
  }

  const endedAt = clock.toISOString();
  return {
    automation: { id: automation.id, name: automation.name, trigger: automation.trigger },
    invoiceId: seen.invoice.id,
    invoiceFrom: seen.from,
    outcome,
    startedAt: anchorAt.toISOString(),
    steps,
    endedAt,
    endedBecause:
      ended?.because ??
      (steps.length >= MAX_TIMELINE_STEPS ? `stopped after ${MAX_TIMELINE_STEPS} steps` : "all steps done"),
    status: ended?.status ?? "succeeded",
  };
}
