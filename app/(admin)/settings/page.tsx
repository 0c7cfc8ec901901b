import type { Metadata } from "next";
import { headers } from "next/headers";
import { Destinations } from "@/components/settings/destinations";
import { InstancePanel } from "@/components/settings/instance-panel";
import { describeInstance } from "@/components/settings/instance-facts";
import { requestOrigin } from "@/lib/http/request-origin";
import { SettingsForm } from "@/components/settings/settings-form";
import { TIME_ZONES } from "@/lib/settings/time-zones";
import { WebhookSecrets } from "@/components/settings/webhook-secrets";
import { PageHeader } from "@/components/ui/page";
import { requireUser } from "@/lib/auth/current-user";
import { listDestinations } from "@/lib/destinations/destinations";
import { getEngine } from "@/lib/engine/engine";
import { getSettings } from "@/lib/settings/settings";
import { listWebhookDestinations } from "@/lib/settings/webhook-destinations";
import {
  createDestinationAction,
  deleteDestinationAction,
  replaceDestinationUrlAction,
  revealEndpointSecretAction,
  rollEndpointSecretAction,
  saveSettings,
  testDestinationAction,
} from "./actions";

export const metadata: Metadata = { title: "Settings · Billing Automations" };

export default async function SettingsPage() {
  // The layout checks the session too, but a client-side navigation renders this page without it.
  await requireUser();
  const engine = getEngine();
  const [settings, signed, destinations] = await Promise.all([
    getSettings(engine.db),
    listWebhookDestinations(engine),
    listDestinations(engine.db),
  ]);
  const now = engine.now();
  const endpoints = signed.map((destination) => ({
    id: destination.id,
    url: destination.url,
    usedBy: destination.usedBy,
    createdAt: destination.createdAt.toISOString(),
    rotatedAt: destination.rotatedAt?.toISOString() ?? null,
    previousSecretSignsUntil:
      destination.previousSecretExpiresAt && destination.previousSecretExpiresAt > now
        ? destination.previousSecretExpiresAt.toISOString()
        : null,
  }));
  const facts = describeInstance({
    config: engine.config,
    database: engine.provider,
    origin: requestOrigin(await headers(), `http://localhost:${engine.config.port}`),
  });
  return (
    <>
      <PageHeader
        title="Settings"
        description="How invoice amounts are compared, and who hears from the automations."
      />
      <div className="grid gap-6 lg:grid-cols-3 lg:items-start">
        <div className="space-y-6 lg:col-span-2">
          <SettingsForm initial={settings} timeZones={TIME_ZONES} save={saveSettings} />
          <Destinations
            destinations={destinations.map(({ id, name, kind, shownUrl, usedBy }) => ({
              id,
              name,
              kind,
              shownUrl,
              usedBy,
            }))}
            actions={{
              create: createDestinationAction,
              replaceUrl: replaceDestinationUrlAction,
              remove: deleteDestinationAction,
              test: testDestinationAction,
            }}
          />
          <WebhookSecrets
            endpoints={endpoints}
            override={Boolean(engine.config.outgoingWebhookSecret)}
            reveal={revealEndpointSecretAction}
            roll={rollEndpointSecretAction}
          />
        </div>
        <InstancePanel facts={facts} />
      </div>
    </>
  );
}
