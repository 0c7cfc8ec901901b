import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { TextLink } from "@/components/ui/text-link";
import type { OutboxEmailView } from "@/lib/email/outbox";

/** The emails the outbox keeps, newest first; each subject opens the message. */
export function OutboxTable({ emails }: { emails: OutboxEmailView[] }) {
  return (
    <ResponsiveTable caption="Emails kept in the outbox, newest first" columns={["Kept", "To", "Subject", "What"]}>
      {emails.map((email) => (
        <tr key={email.id} className="block py-2 sm:table-row sm:py-0">
          <td className={`${CELL} text-slate-700 sm:whitespace-nowrap`}>
            <span className={MOBILE_LABEL}>Kept</span>
            <RelativeTime value={email.createdAt} seconds className="text-xs" />
          </td>
          <td className={`${CELL} max-w-64 break-all text-slate-900`}>
            <span className={MOBILE_LABEL}>To</span>
            {email.to.join(", ")}
          </td>
          <td className={`${CELL} min-w-0 break-words`}>
            <span className={MOBILE_LABEL}>Subject</span>
            <TextLink href={`/outbox/${email.id}`}>{email.subject || "(no subject)"}</TextLink>
          </td>
          <td className={`${CELL} text-slate-700`}>
            <span className={MOBILE_LABEL}>What</span>
            {email.purpose}
          </td>
        </tr>
      ))}
    </ResponsiveTable>
  );
}
