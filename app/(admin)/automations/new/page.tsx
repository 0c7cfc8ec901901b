import type { Metadata } from "next";
import { AutomationEditor } from "@/components/automations/automation-editor";
import { PageHeader } from "@/components/ui/page";
import { isTrigger } from "@/lib/triggers";
import { getEngine } from "@/lib/engine/engine";
import { listDestinationChoices } from "@/lib/destinations/destinations";
import { getSettings } from "@/lib/settings/settings";
import { requireRole } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "New automation · Billing Automations" };

// GET /automations/new[?trigger=…] — the editor, empty (the trigger preselected from a group's link).
export default async function NewAutomationPage({ searchParams }: { searchParams: Promise<{ trigger?: string }> }) {
  await requireRole("editor");
  const db = getEngine().db;
  const [{ trigger }, settings, destinations] = await Promise.all([
    searchParams,
    getSettings(db),
    listDestinationChoices(db),
  ]);
  return (
    <>
      <PageHeader
        title="New automation"
        description="A trigger, optional conditions, and the steps to run. It is added last in its trigger's priority order."
      />
      <AutomationEditor
        automationId={null}
        initialTrigger={isTrigger(trigger) ? trigger : ""}
        currency={settings.defaultCurrency}
        defaults={{ teamEmails: settings.teamEmails, webhookEndpoints: settings.webhookEndpoints, destinations }}
      />
    </>
  );
}
