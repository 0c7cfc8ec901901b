// What an action is, in one place: everything the editor, the API, the worker and the run page
// need to know about it. Each action is a folder of lib/steps with one definition; lib/steps/index.ts
// lists them. A definition is shared by the browser (the editor) and the server (the worker), so it
// holds logic only: everything it touches outside — Stripe, mail, HTTP, the database — comes in the
// ActionContext the worker builds (lib/runs/step-services.ts), dry-run stand-ins included.
import type { z } from "zod";
import type { AppErrorIssue } from "@/lib/errors";
import type { RenderedEmail } from "@/lib/email/templates";
import type { DestinationChoice, DestinationKind } from "@/lib/destinations/kinds";
import type { AllowList } from "@/lib/outbound/allow-list";
import type { Settings } from "@/lib/settings/settings";
import type { StripeGateway, StripeInvoiceLike } from "@/lib/stripe/gateway";
import type { Trigger } from "@/lib/triggers";
import type { OutgoingStripeEvent } from "@/lib/webhooks-out/send-webhook";
import type { ParamField } from "./fields";
import type { RunContext } from "./run-context";

/** What an action needs from the server's configuration (checked when an automation is saved active). */
export interface RunnableContext {
  /** SMTP_URL is set. */
  smtpConfigured: boolean;
  /** Dry-run sends nothing (emails are recorded on the step), so it needs no SMTP server. */
  dryRun: boolean;
  settings: Pick<Settings, "teamEmails" | "webhookEndpoints">;
  /** The named destinations there are (Settings). */
  destinations: readonly DestinationChoice[];
  /** The private hosts the server may still send to (OUTBOUND_ALLOW_LIST). */
  outboundAllowList: AllowList;
}

/** One place a step's params send to, under the param that names it: a URL as typed, or a destination. */
export type SendTarget = { field: string; url: string } | { field: string; destination: string; kind: DestinationKind };

export interface ActionDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  label: string;
  /** One line for the editor, under the action's name. */
  description: string;
  /** Shown in the editor beside the action (what the engine does that a person might not expect). */
  notice?: { text: string; tone: "info" | "warning" };
  /** Its params: the API, the import file and the editor all parse with this. */
  params: z.ZodType<P>;
  /** The triggers that offer it; saving it on another is refused. */
  triggers: readonly Trigger[];
  /** The editor's fields for its params, rendered by kind (components/automations/param-fields.tsx). */
  fields: readonly ParamField[];
  /** One line: the editor's summary, the run's timeline, the automations list. Null params: unreadable. */
  describe(params: P | null, label: string): string;
  /** The parts of a result worth a sentence each, for the run page (the raw result is shown beside). */
  describeResult(result: Record<string, unknown>): string[];
  /** The URLs its params name that it sends signed webhooks to: each gets its own signing secret at save. */
  signedUrls?(params: P | null): string[];
  /**
   * Where its params send: each URL is checked against the private-address guard and each named
   * destination for existence and kind when the automation is saved active (lib/automations/check-runnable.ts).
   */
  sendsTo?(params: P | null): SendTarget[];
  /** What it needs from the configuration now, each problem naming its field under `at` (steps.2). */
  requires?(params: P | null, ctx: RunnableContext, at: string): AppErrorIssue[];
  /** Look at the invoice right before acting: a paid or voided one ends the run instead. */
  checksInvoice: boolean;
  /**
   * Stripe itself refuses this action's write on an invoice that is no longer open (paid, void,
   * written off), and the refusal is read once to say why (stripe-writes.ts). So the look before
   * acting needs no request of its own: it is at the invoice as the newest webhook showed it, which
   * catches what Stripe has already said (auto_advance turned off by someone, a payment that arrived
   * before the run's event), and the write costs one request. Unset: the look is a read from Stripe.
   */
  stripeRefusesOnceSettled?: true;
  /** Set when the run always ends after it, saying why (steps after it never run: the editor warns). */
  endsTheRun?: string;
  execute(ctx: ActionContext, params: P): Promise<ActionOutcome>;
}

/** The run's invoice as the engine saw it right before acting. */
export interface InvoiceView {
  invoice: StripeInvoiceLike;
  /** The API version it is rendered in (the SDK's pinned one when read from Stripe). */
  apiVersion: string | null;
  /** Read from Stripe just now, or the last webhook that carried it (dry-run; stripeRefusesOnceSettled). */
  source: "stripe" | "webhook";
}

interface ActionRun {
  id: string;
  trigger: string;
  automationName: string;
  context: RunContext;
  dryRun: boolean;
  /** The run turned the invoice's auto_advance off itself (so that is no end for it). */
  tookOverCollection: boolean;
}

interface ActionStep {
  id: string;
  key: string;
  position: number;
  dueAt: Date;
  /** When its first attempt started: the same on every retry (a retry moves dueAt on). */
  firstAttemptAt: Date;
}

/** Sends an email, or in dry-run records that it would have (nothing leaves the process). */
export interface EmailService {
  send(input: {
    to: string[];
    email: RenderedEmail;
    purpose: string;
  }): Promise<{ sent: true; messageId: string; keptInOutbox?: boolean } | { sent: false }>;
}

type WebhookDeliveries =
  | { sent: true; delivered: Array<{ url: string; status: number }> }
  | { sent: false; recorded: Array<{ url: string; headers: Record<string, string>; body: string }> };

/** Signs a Stripe-shaped event for each destination with its own secret and POSTs it (dry-run: records it). */
export interface WebhookService {
  /** The event id of one logical delivery, stable across the step's retries. */
  eventId(key: string): string;
  deliver(urls: readonly string[], event: OutgoingStripeEvent): Promise<WebhookDeliveries>;
}

/** A named destination, URL included (Settings → Destinations). */
interface DestinationLookup {
  find(name: string): Promise<{ name: string; kind: DestinationKind; url: string } | null>;
}

type HttpDelivery = { sent: true; status: number } | { sent: false };

/** POSTs a body to a URL behind the private-address guard, or in dry-run records nothing and says so. */
export interface HttpService {
  post(input: {
    url: string;
    headers: Record<string, string>;
    body: string;
    /** How errors and logs name the target (a Slack URL is a secret, so never the URL itself). */
    shown: string;
  }): Promise<HttpDelivery>;
}

export interface ActionContext {
  run: ActionRun;
  step: ActionStep;
  now(): Date;
  /** Nothing leaves the process: the services below record instead of sending. */
  dryRun: boolean;
  /** Stripe, or — for a dry-run — a stand-in that only describes its writes and reads nothing. */
  gateway: StripeGateway;
  email: EmailService;
  webhooks: WebhookService;
  http: HttpService;
  destinations: DestinationLookup;
  /** The run's object as the newest webhook carrying it showed it (for objects no step reads from Stripe). */
  lastSeen(): Promise<{ object: Record<string, unknown>; apiVersion: string | null } | null>;
  /** Read only by the actions that need them (emails, webhooks): most steps never touch settings. */
  settings(): Promise<Settings>;
  /** The idempotency key of one Stripe call of this step, stable across the step's retries. */
  idempotencyKey(operation: string): string;
  /** Set for the actions that look at the invoice before acting (checksInvoice). */
  invoice?: InvoiceView;
}

export interface ActionOutcome {
  /** Stored on the step and shown on the run's timeline. */
  result: Record<string, unknown>;
  /** A Stripe write was described instead of sent (dry-run mode). */
  dryRun?: boolean;
  /** The run ends after this step (cancel_subscription; a retry that got the invoice paid). */
  endRun?: { status: "succeeded" | "terminated"; reason: string };
  /** Steps to add to the run (the payment retries of set_retry_policy), by step kind. */
  addSteps?: Array<{ key: string; action: string; params: Record<string, unknown>; dueAt: Date }>;
  /** This step turned the invoice's auto_advance off, so that no longer ends the run. */
  tookOverCollection?: boolean;
}

/** Fails the step for good (no retry can help: a missing address, say). */
export function permanentError(message: string): Error {
  return Object.assign(new Error(message), { permanent: true });
}

/** Lets each definition keep its own params type while the registry holds them all. */
export function defineAction<P extends Record<string, unknown>>(definition: ActionDefinition<P>): ActionDefinition<P> {
  return definition;
}
