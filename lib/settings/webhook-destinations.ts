import { stepWebhookUrls } from "@/lib/automations/check-runnable";
import { listAutomations } from "@/lib/automations/list-automations";
import type { Engine } from "@/lib/engine/engine";
import { listWebhookEndpoints, type WebhookEndpointView } from "@/lib/webhooks-out/endpoints";
import { getSettings } from "./settings";

export interface WebhookDestination extends WebhookEndpointView {
  /** "Settings", and the automations whose steps name the URL. */
  usedBy: string[];
}

/**
 * Every URL the engine sends webhooks to — the settings' endpoints, then those steps name — with
 * who uses it and its endpoint (never its secret).
 */
export async function listWebhookDestinations(engine: Pick<Engine, "db">): Promise<WebhookDestination[]> {
  const [settings, automations] = await Promise.all([getSettings(engine.db), listAutomations(engine.db)]);
  const usedBy = new Map<string, string[]>(settings.webhookEndpoints.map((url) => [url, ["Settings"]]));
  for (const automation of automations) {
    for (const url of stepWebhookUrls(automation.steps)) {
      const users = usedBy.get(url) ?? [];
      if (!users.includes(`“${automation.name}”`)) usedBy.set(url, [...users, `“${automation.name}”`]);
    }
  }
  const endpoints = await listWebhookEndpoints(engine.db, [...usedBy.keys()]);
  return endpoints.map((endpoint) => ({ ...endpoint, usedBy: usedBy.get(endpoint.url) ?? [] }));
}
