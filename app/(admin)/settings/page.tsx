import type { Metadata } from "next";
import { headers } from "next/headers";
import { InstancePanel } from "@/components/settings/instance-panel";
import { describeInstance, requestOrigin } from "@/components/settings/instance-facts";
import { SettingsForm } from "@/components/settings/settings-form";
import { PageHeader } from "@/components/ui/page";
import { requireAdminSession } from "@/lib/auth/admin-session";
import { getEngine } from "@/lib/engine/engine";
import { getSettings } from "@/lib/settings/settings";
import { saveSettings } from "./actions";

export const metadata: Metadata = { title: "Settings · Billing Automations" };

export default async function SettingsPage() {
  // The layout checks the session too, but a client-side navigation renders this page without it.
  await requireAdminSession();
  const engine = getEngine();
  const settings = await getSettings(engine.db);
  const facts = describeInstance({
    config: engine.config,
    database: engine.provider,
    origin: requestOrigin(await headers(), engine.config.port),
  });
  return (
    <>
      <PageHeader
        title="Settings"
        description="How invoice amounts are compared, and who hears from the automations."
      />
      <div className="grid gap-6 lg:grid-cols-3 lg:items-start">
        <div className="lg:col-span-2">
          <SettingsForm initial={settings} save={saveSettings} />
        </div>
        <InstancePanel facts={facts} />
      </div>
    </>
  );
}
