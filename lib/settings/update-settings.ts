import { runnableContext, unrunnableIssues } from "@/lib/automations/check-runnable";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { listAutomations } from "@/lib/automations/list-automations";
import type { Engine } from "@/lib/engine/engine";
import { invalid, parseOrThrow, type AppErrorIssue } from "@/lib/errors";
import { privateUrlProblem, type AllowList } from "@/lib/outbound/allow-list";
import { ensureWebhookEndpoints } from "@/lib/webhooks-out/endpoints";
import { getSettings, SETTINGS_ID, settingsPatchSchema, type Settings } from "./settings";

/** Which setting an automation's step leans on, by the field of the step that would name it. */
const SETTING_BEHIND: Array<[RegExp, keyof Settings, string]> = [
  [/\.params\.to$/, "teamEmails", "emails the team addresses in Settings"],
  [/\.params\.url$/, "webhookEndpoints", "sends its webhook to the endpoints in Settings"],
];

/**
 * Refuses a change that would leave an active automation unable to run (the last team address, the
 * last webhook endpoint), naming the setting and the automation; problems that were there before
 * this change (SMTP_URL missing from the environment, say) do not hold it up.
 */
async function changeIssues(engine: Pick<Engine, "db" | "config" | "gateway">, current: Settings, next: Settings) {
  const [before, after] = await Promise.all([runnableContext(engine, current), runnableContext(engine, next)]);
  const active = (await listAutomations(engine.db)).filter(
    (automation) => automation.status === "active" && !automation.shadow,
  );
  const issues: AppErrorIssue[] = [];
  for (const automation of active) {
    const existing = new Set(unrunnableIssues(automation.steps, before).map((issue) => issue.path));
    for (const issue of unrunnableIssues(automation.steps, after)) {
      if (existing.has(issue.path)) continue;
      const [, field, what] = SETTING_BEHIND.find(([pattern]) => pattern.test(issue.path)) ?? [];
      if (!field) continue;
      issues.push({
        path: field,
        message: `“${automation.name}” (active) ${what} (${issue.path}): keep at least one, or pause that automation first`,
      });
    }
  }
  return issues;
}

/** Endpoints on private or loopback addresses the server does not allow, each under its index. */
function privateEndpointIssues(settings: Settings, allowList: AllowList): AppErrorIssue[] {
  return settings.webhookEndpoints.flatMap((url, index) => {
    const problem = privateUrlProblem(url, allowList);
    return problem ? [{ path: `webhookEndpoints.${index}`, message: problem }] : [];
  });
}

export async function updateSettings(
  engine: Pick<Engine, "db" | "config" | "gateway">,
  actor: Actor,
  patch: unknown,
): Promise<Settings> {
  const changes = parseOrThrow(settingsPatchSchema, patch, "invalid settings");
  const current = await getSettings(engine.db);
  const next = { ...current, ...changes };
  // The default currency never needs a rate to itself.
  next.exchangeRates = { ...next.exchangeRates };
  delete next.exchangeRates[next.defaultCurrency];
  const issues = [
    ...privateEndpointIssues(next, engine.config.outboundAllowList),
    ...(await changeIssues(engine, current, next)),
  ];
  if (issues.length) {
    throw invalid(`invalid settings: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, issues);
  }
  await engine.db.$transaction(async (tx) => {
    await tx.settings.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...next }, update: next });
    // Each endpoint gets its own signing secret now, shown in Settings before its first delivery.
    await ensureWebhookEndpoints(tx, next.webhookEndpoints);
    const changed = (Object.keys(next) as (keyof Settings)[]).filter(
      (key) => JSON.stringify(current[key]) !== JSON.stringify(next[key]),
    );
    await recordAudit(tx, actor, {
      action: "settings.updated",
      entity: "settings",
      entityId: SETTINGS_ID,
      before: current,
      after: next,
      summary: changed.length ? `Changed ${changed.join(", ")}` : "Saved the settings unchanged",
    });
  });
  return next;
}
