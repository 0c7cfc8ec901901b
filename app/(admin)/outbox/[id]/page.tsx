import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmailPreview, MESSAGE_PRE_CLASSES } from "@/components/email/email-preview";
import { DescriptionList, Fact } from "@/components/ui/description-list";
import { Card, PageHeader } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { LinkButton } from "@/components/ui/link-button";
import { requireRole } from "@/lib/auth/current-user";
import { getOutboxEmail } from "@/lib/email/outbox";
import { getEngine } from "@/lib/engine/engine";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Email · Outbox · Billing Automations" };

async function loadEmail(id: string) {
  try {
    return await getOutboxEmail(getEngine().db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

// GET /outbox/:id — one kept email as its recipient would read it, and its source.
export default async function OutboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("admin");
  const { id } = await params;
  const email = await loadEmail(decodeURIComponent(id));
  return (
    <>
      <PageHeader
        title={email.subject || "(no subject)"}
        description={`Kept in the outbox instead of sent: ${email.purpose}`}
        actions={<LinkButton href="/outbox">Back to the outbox</LinkButton>}
      />
      <div className="space-y-6">
        <Card className="px-4 sm:px-6">
          <DescriptionList>
            <Fact label="From">{email.from}</Fact>
            <Fact label="Kept">
              <RelativeTime value={email.createdAt} seconds />
            </Fact>
            <Fact label="Message-ID">
              <code className="text-xs break-all">{email.messageId}</code>
            </Fact>
          </DescriptionList>
        </Card>
        <Card className="p-4 sm:p-6">
          <h2 className="text-base font-semibold text-slate-900">The message</h2>
          <EmailPreview email={email} tall />
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer font-medium text-slate-700 hover:text-slate-900">
              Message source (as an SMTP server would have received it)
            </summary>
            <pre aria-label="Message source" className={MESSAGE_PRE_CLASSES}>
              {email.raw}
            </pre>
          </details>
        </Card>
      </div>
    </>
  );
}
