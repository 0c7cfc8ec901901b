import { stepWebhookUrls } from "@/lib/automations/check-runnable";
import { listAutomations } from "@/lib/automations/list-automations";
import type { Engine } from "@/lib/engine/engine";
import { listWebhookEndpoints, type WebhookEndpointView } from "@/lib/webhooks-out/endpoints";
import { getSettings } from "./settings";

export interface WebhookDestination extends WebhookEndpointView {
  /** "Settings", the destinations with this URL, and the automations whose steps name it. */
  usedBy: string[];
}

/**
 * Every URL the engine sends signed events to — the settings' endpoints, the HTTP destinations, then
 * the URLs steps name — with who uses it and its endpoint (never its secret).
 */
export async function listWebhookDestinations(engine: Pick<Engine, "db">): Promise<WebhookDestination[]> {
  const [settings, automations, destinations] = await Promise.all([
    getSettings(engine.db),
    listAutomations(engine.db),
    engine.db.destination.findMany({ where: { kind: "http" }, orderBy: { name: "asc" } }),
  ]);
  const usedBy = new Map<string, string[]>(settings.webhookEndpoints.map((url) => [url, ["Settings"]]));
  for (const destination of destinations) {
    usedBy.set(destination.url, [...(usedBy.get(destination.url) ?? []), `destination “${destination.name}”`]);
  }
  for (const automation of automations) {
    for (const url of stepWebhookUrls(automation.steps)) {
      const users = usedBy.get(url) ?? [];
      if (!users.includes(`“${automation.name}”`)) usedBy.set(url, [...users, `“${automation.name}”`]);
    }
  }
  const endpoints = await listWebhookEndpoints(engine.db, [...usedBy.keys()]);
  return endpoints.map((endpoint) => ({ ...endpoint, usedBy: usedBy.get(endpoint.url) ?? [] }));
}
