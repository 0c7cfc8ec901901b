// Whether an automation's steps can run with the configuration the server has now. Checked when an
// automation is saved active, turned on or imported, and when settings change under active ones —
// so a missing SMTP server or a missing destination is an error on the form, naming the field,
// and never a failure the worker finds days later.
import { listDestinationChoices } from "@/lib/destinations/destinations";
import { DESTINATION_KIND_LABELS } from "@/lib/destinations/kinds";
import type { Engine } from "@/lib/engine/engine";
import { invalid, type AppErrorIssue } from "@/lib/errors";
import { privateUrlProblem } from "@/lib/outbound/allow-list";
import { getSettings, type Settings } from "@/lib/settings/settings";
import { ACTIONS, safeParseParams } from "@/lib/steps";
import type { ActionDefinition, RunnableContext, SendTarget } from "@/lib/steps/definition";
import { listAutomations } from "./list-automations";
import type { Step } from "./schema";

export type { RunnableContext } from "@/lib/steps/definition";

/** Every reason the steps cannot run with `ctx`, each naming its field (`steps.2.params.to`). */
export function unrunnableIssues(steps: readonly Step[], ctx: RunnableContext, prefix = ""): AppErrorIssue[] {
  return steps.flatMap((step, index) => {
    if (step.type !== "action") return [];
    const { requires, sendsTo } = ACTIONS[step.action] as ActionDefinition;
    const params = safeParseParams(step.action, step.params);
    const at = `${prefix}steps.${index}`;
    const targets = (sendsTo?.(params) ?? []).flatMap((target) => {
      const problem = targetProblem(target, ctx);
      return problem ? [{ path: `${at}.params.${target.field}`, message: problem }] : [];
    });
    return [...(requires?.(params, ctx, at) ?? []), ...targets];
  });
}

/** Why a step cannot send where it says: a private address not allowed, a destination missing or of another kind. */
function targetProblem(target: SendTarget, ctx: RunnableContext): string | null {
  if ("url" in target) return privateUrlProblem(target.url, ctx.outboundAllowList);
  const found = ctx.destinations.find((destination) => destination.name === target.destination);
  if (!found) {
    return `there is no destination named “${target.destination}”: add it in Settings → Destinations, or pick another`;
  }
  if (found.kind !== target.kind) {
    return `“${target.destination}” is a ${DESTINATION_KIND_LABELS[found.kind]}, and this step needs a ${DESTINATION_KIND_LABELS[target.kind]}`;
  }
  return null;
}

/** Refuses (400, naming each field) an active automation whose steps cannot run with `ctx`. */
export function assertRunnable(
  automation: { status?: string; shadow?: boolean; steps: readonly Step[] },
  ctx: RunnableContext,
): void {
  // Paused, it runs nothing; in shadow, it acts on nothing: what the steps need is checked when it goes live.
  if (automation.status === "paused" || automation.shadow) return;
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
    if (step.type !== "action") return [];
    const { signedUrls } = ACTIONS[step.action] as ActionDefinition;
    return signedUrls?.(safeParseParams(step.action, step.params)) ?? [];
  });
}

/** The configuration an automation's steps meet now: the server's, and the settings (or these new ones). */
export async function runnableContext(
  engine: Pick<Engine, "db" | "config" | "gateway">,
  settings?: Settings,
): Promise<RunnableContext> {
  const [current, destinations] = await Promise.all([
    settings ?? getSettings(engine.db),
    listDestinationChoices(engine.db),
  ]);
  return {
    smtpConfigured: Boolean(engine.config.smtpUrl),
    dryRun: engine.gateway.mode === "dry-run",
    settings: current,
    destinations,
    outboundAllowList: engine.config.outboundAllowList,
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
    .filter((automation) => automation.status === "active" && !automation.shadow)
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
