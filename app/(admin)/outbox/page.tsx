import type { Metadata } from "next";
import { EmptyOutboxButton } from "@/components/email/empty-outbox-button";
import { OutboxTable } from "@/components/email/outbox-table";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { requireRole } from "@/lib/auth/current-user";
import { getConfig, keepsMailInOutbox } from "@/lib/config";
import { listOutbox } from "@/lib/email/outbox";
import { getEngine } from "@/lib/engine/engine";
import { emptyOutboxAction } from "./actions";

export const metadata: Metadata = { title: "Outbox · Billing Automations" };

const SHOWN = 100;

// GET /outbox — the emails kept instead of sent while SMTP_URL=outbox; admins only, as they hold
// invitation links.
export default async function OutboxPage() {
  // The layout's check does not run again on in-app navigations, and it does not check the role.
  await requireRole("admin");
  const keeping = keepsMailInOutbox(getConfig().smtpUrl);
  const emails = await listOutbox(getEngine().db, { limit: SHOWN });
  return (
    <>
      <PageHeader
        title="Outbox"
        description={
          keeping
            ? "SMTP_URL=outbox: no email leaves this server. Each one it would have sent — invitations, team and customer emails — is kept here instead, newest first."
            : "Emails go out through SMTP_URL. This page keeps emails only while SMTP_URL=outbox (development)."
        }
        actions={emails.length > 0 ? <EmptyOutboxButton emptyOutbox={emptyOutboxAction} /> : null}
      />
      {emails.length > 0 ? (
        <>
          <OutboxTable emails={emails} />
          {emails.length === SHOWN ? (
            <p className="mt-3 text-sm text-slate-600">The newest {SHOWN} are shown.</p>
          ) : null}
        </>
      ) : (
        <EmptyState title="No email yet">
          {keeping ? (
            <>
              Invite someone on the <TextLink href="/team">Team</TextLink> page, or let an automation with an email step
              run outside dry-run: what it sends appears here. (In dry-run, a run&apos;s page shows the email it would
              have sent.)
            </>
          ) : (
            "Set SMTP_URL=outbox to keep emails here instead of sending them."
          )}
        </EmptyState>
      )}
    </>
  );
}
