import type { ActionName } from "@/lib/automations/actions";
import type { Engine } from "@/lib/engine/engine";
import type { RunContext } from "@/lib/runs/run-context";
import type { Settings } from "@/lib/settings/settings";
import type { StripeGateway, StripeInvoiceLike } from "@/lib/stripe/gateway";

/** An action of the automation, or a payment retry that set_retry_policy scheduled. */
export type ExecutableAction = ActionName | "retry_payment";

export interface ActionRun {
  id: string;
  trigger: string;
  automationName: string;
  context: RunContext;
  dryRun: boolean;
  /** The run turned the invoice's auto_advance off itself (so that is no end for it). */
  tookOverCollection: boolean;
}

export interface ActionStep {
  id: string;
  key: string;
  position: number;
  params: Record<string, unknown>;
  dueAt: Date;
}

/** The run's invoice as the engine saw it right before acting. */
export interface InvoiceView {
  invoice: StripeInvoiceLike;
  /** The API version it is rendered in (the SDK's pinned one when read from Stripe). */
  apiVersion: string | null;
  /** Read from Stripe just now, or (dry-run, which reads nothing) the last webhook that carried it. */
  source: "stripe" | "webhook";
}

export interface ActionContext {
  engine: Engine;
  run: ActionRun;
  step: ActionStep;
  /**
   * Stripe for this step: the engine's gateway, or — when the run is a dry-run — one that only
   * describes its writes, even if a Stripe key has been set since the run started.
   */
  gateway: StripeGateway;
  /** Nothing leaves the process: Stripe writes, emails and HTTP are recorded on the step instead. */
  dryRun: boolean;
  /** Set for the actions that check the invoice before acting (checksInvoice). */
  invoice?: InvoiceView;
  /** Read only by the actions that need them (emails, webhooks): most steps never touch settings. */
  settings(): Promise<Settings>;
  /** The idempotency key of one Stripe call of this step, stable across the step's retries. */
  idempotencyKey(operation: string): string;
}

export interface ActionOutcome {
  /** Stored on the step and shown on the run's timeline. */
  result: Record<string, unknown>;
  /** A Stripe write was described instead of sent (dry-run mode). */
  dryRun?: boolean;
  /** The run ends after this step (cancel_subscription; a retry that got the invoice paid). */
  endRun?: { status: "succeeded" | "terminated"; reason: string };
  /** Steps to add to the run (the payment retries of set_retry_policy). */
  addSteps?: Array<{ key: string; action: ExecutableAction; params: Record<string, unknown>; dueAt: Date }>;
  /** This step turned the invoice's auto_advance off, so that no longer ends the run. */
  tookOverCollection?: boolean;
}

export interface ActionExecutor {
  /** Re-read the invoice before acting: a paid or voided invoice ends the run instead. */
  checksInvoice: boolean;
  execute(ctx: ActionContext): Promise<ActionOutcome>;
}
