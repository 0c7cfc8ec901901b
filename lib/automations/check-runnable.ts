// Whether an automation's steps can run with the configuration the server has now. Checked when an
// automation is saved active, turned on or imported, and when settings change under active ones —
// so a missing SMTP server or a missing destination is an error on the form, naming the field,
// and never a failure the worker finds days later.
import type { Engine } from "@/lib/engine/engine";
import { invalid, type AppErrorIssue } from "@/lib/errors";
import { getSettings, type Settings } from "@/lib/settings/settings";
import { safeParseActionParams, type ActionName } from "./actions";
import { listAutomations } from "./list-automations";
import type { Step } from "./schema";

export interface RunnableContext {
  /** SMTP_URL is set. */
  smtpConfigured: boolean;
  /** Dry-run sends nothing (emails are recorded on the step), so it needs no SMTP server. */
  dryRun: boolean;
  settings: Pick<Settings, "teamEmails" | "webhookEndpoints">;
}

type Requirement = (step: { params?: Record<string, unknown> }, ctx: RunnableContext, at: string) => AppErrorIssue[];

const needsSmtp =
  (action: ActionName): Requirement =>
  (_step, ctx, at) =>
    ctx.smtpConfigured || ctx.dryRun
      ? []
      : [
          {
            path: at,
            message: `this step (${action}) sends email, and SMTP_URL is not set on this server: set it (e.g. smtp://user:pass@mail.example.com:587) and restart, or remove the step`,
          },
        ];

/** What each action needs beyond its own params; an action that is not listed needs nothing. */
const REQUIREMENTS: Partial<Record<ActionName, Requirement[]>> = {
  send_team_email: [
    needsSmtp("send_team_email"),
    (step, ctx, at) =>
      safeParseActionParams("send_team_email", step.params)?.to || ctx.settings.teamEmails.length > 0
        ? []
        : [
            {
              path: `${at}.params.to`,
              message: "nobody to write to: list the recipients here, or set the team emails in Settings",
            },
          ],
  ],
  send_cancellation_email: [needsSmtp("send_cancellation_email")],
  send_invoice_will_be_due_webhook: [
    (step, ctx, at) =>
      safeParseActionParams("send_invoice_will_be_due_webhook", step.params)?.url ||
      ctx.settings.webhookEndpoints.length > 0
        ? []
        : [
            {
              path: `${at}.params.url`,
              message: "nowhere to send it: give the webhook a URL here, or add webhook endpoints in Settings",
            },
          ],
  ],
};

/** Every reason the steps cannot run with `ctx`, each naming its field (`steps.2.params.to`). */
export function unrunnableIssues(steps: readonly Step[], ctx: RunnableContext, prefix = ""): AppErrorIssue[] {
  return steps.flatMap((step, index) =>
    step.type === "action"
      ? (REQUIREMENTS[step.action] ?? []).flatMap((requirement) => requirement(step, ctx, `${prefix}steps.${index}`))
      : [],
  );
}

/** Refuses (400, naming each field) an active automation whose steps cannot run with `ctx`. */
export function assertRunnable(automation: { status?: string; steps: readonly Step[] }, ctx: RunnableContext): void {
  if (automation.status === "paused") return;
  const issues = unrunnableIssues(automation.steps, ctx);
  if (issues.length === 0) return;
  throw invalid(
    `this automation cannot run with the server's present configuration: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    issues,
  );
}

/** The URLs an automation's steps send webhooks to (each gets an endpoint with its own secret). */
export function stepWebhookUrls(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.type !== "action" || step.action !== "send_invoice_will_be_due_webhook") return [];
    const url = safeParseActionParams(step.action, step.params)?.url;
    return url ? [url] : [];
  });
}

/** The configuration an automation's steps meet now: the server's, and the settings (or these new ones). */
export async function runnableContext(
  engine: Pick<Engine, "db" | "config" | "gateway">,
  settings?: Settings,
): Promise<RunnableContext> {
  return {
    smtpConfigured: Boolean(engine.config.smtpUrl),
    dryRun: engine.gateway.mode === "dry-run",
    settings: settings ?? (await getSettings(engine.db)),
  };
}

/**
 * The active automations that cannot run with the configuration the server has now — saved while it
 * had it (SMTP_URL taken out of the environment since, say). Logged at start and shown on the
 * automations page, so nobody learns it from a failed run.
 */
export async function unrunnableAutomations(
  engine: Pick<Engine, "db" | "config" | "gateway">,
): Promise<Array<{ id: string; name: string; issues: AppErrorIssue[] }>> {
  const [automations, ctx] = await Promise.all([listAutomations(engine.db), runnableContext(engine)]);
  return automations
    .filter((automation) => automation.status === "active")
    .map((automation) => ({
      id: automation.id,
      name: automation.name,
      issues: unrunnableIssues(automation.steps, ctx),
    }))
    .filter((automation) => automation.issues.length > 0);
}

/** One error line per active automation that cannot run, at a process's start. */
export async function logUnrunnableAutomations(
  engine: Pick<Engine, "db" | "config" | "gateway" | "log">,
): Promise<void> {
  for (const automation of await unrunnableAutomations(engine)) {
    engine.log.error(
      { automationId: automation.id, issues: automation.issues },
      `automation “${automation.name}” is active but cannot run with this configuration: ${automation.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    );
  }
}
