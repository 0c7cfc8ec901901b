import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutomationEditor } from "@/components/automations/automation-editor";
import { RunForButton } from "@/components/automations/run-for-button";
import { DeleteAutomationButton } from "@/components/automations/delete-automation-button";
import { DuplicateAutomationButton } from "@/components/automations/duplicate-automation-button";
import { StatusSwitch } from "@/components/automations/status-switch";
import { UpdatePriorityButton } from "@/components/automations/update-priority-button";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page";
import { getAutomation, listAutomations } from "@/lib/automations/list-automations";
import type { AutomationRecord } from "@/lib/automations/serialize-automation";
import { triggerDefinitions } from "@/lib/triggers";
import type { Db } from "@/lib/db/client";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";
import { listDestinationChoices } from "@/lib/destinations/destinations";
import { getSettings } from "@/lib/settings/settings";
import { requireUser } from "@/lib/auth/current-user";
import { roleAtLeast } from "@/lib/auth/roles";
import { listVersions } from "@/lib/versions/automation-versions";
import { VersionHistory } from "@/components/automations/version-history";
import { restoreVersionAction } from "./history-actions";

type Props = { params: Promise<{ id: string }> };

async function findAutomation(db: Db, id: string): Promise<AutomationRecord> {
  try {
    return await getAutomation(db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const automation = await getAutomation(getEngine().db, id).catch(() => null);
  return { title: `${automation?.name ?? "Automation"} · Billing Automations` };
}

// GET /automations/:id — the editor with the automation, its switch, priority and delete.
export default async function EditAutomationPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser();
  const { db } = getEngine();
  const [automation, settings, all, destinations] = await Promise.all([
    findAutomation(db, id),
    getSettings(db),
    listAutomations(db),
    listDestinationChoices(db),
  ]);
  const versions = await listVersions(db, automation.id);
  const canOperate = roleAtLeast(user.role, "operator");
  const canEdit = roleAtLeast(user.role, "editor");
  const siblings = all.filter((item) => item.trigger === automation.trigger);
  const { label } = triggerDefinitions[automation.trigger];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/automations" className="text-indigo-700 underline-offset-2 hover:underline">
          Automations
        </Link>
        <span aria-hidden="true" className="px-1.5 text-slate-400">
          /
        </span>
        <span className="text-slate-600">{label}</span>
      </nav>
      <PageHeader
        title={automation.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{`${label} · priority ${automation.priority ?? "–"} of ${siblings.length}`}</span>
            {automation.status === "paused" ? <Badge>Paused</Badge> : <Badge tone="green">Active</Badge>}
            {automation.shadow ? <Badge tone="indigo">In shadow</Badge> : null}
            {automation.holdoutPercent > 0 ? <Badge tone="blue">Holds out {automation.holdoutPercent} %</Badge> : null}
            <Link
              href={`/runs?automationId=${automation.id}`}
              className="text-indigo-700 underline-offset-2 hover:underline"
            >
              Its runs
            </Link>
          </span>
        }
        actions={
          <>
            {canOperate ? (
              <div className="flex items-center">
                <StatusSwitch id={automation.id} name={automation.name} status={automation.status} />
              </div>
            ) : null}
            {canEdit && siblings.length > 1 ? (
              <UpdatePriorityButton
                trigger={automation.trigger}
                label={`Update priority of ${label}`}
                items={siblings.map(({ id: itemId, name, status }) => ({ id: itemId, name, status }))}
              />
            ) : null}
            {canOperate ? (
              <RunForButton
                id={automation.id}
                name={automation.name}
                objectType={triggerDefinitions[automation.trigger].objectType}
              />
            ) : null}
            {canEdit ? <DuplicateAutomationButton id={automation.id} name={automation.name} /> : null}
            {canEdit ? <DeleteAutomationButton id={automation.id} name={automation.name} /> : null}
          </>
        }
      />
      <AutomationEditor
        automationId={automation.id}
        initial={automation}
        currency={settings.defaultCurrency}
        defaults={{ teamEmails: settings.teamEmails, webhookEndpoints: settings.webhookEndpoints, destinations }}
      />
      <VersionHistory
        automationId={automation.id}
        versions={versions}
        canRestore={canEdit}
        currency={settings.defaultCurrency}
        restore={restoreVersionAction}
      />
    </>
  );
}
