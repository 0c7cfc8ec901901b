// One email as a person reads it: who it is to, its subject, its text (links made clickable, so an
// invitation kept in the outbox can be opened) and its HTML in a sandboxed frame that runs nothing.
// Used for what a step recorded (components/runs/step-message.tsx) and for the Outbox page.
import { Fragment } from "react";
import { TEXT_LINK_CLASSES } from "@/components/ui/text-link";

export interface EmailContent {
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]])/g;

/** The text with each http(s) address as a link, everything else as written. */
function Linked({ text }: { text: string }) {
  return text.split(URL_IN_TEXT).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} target="_blank" rel="noreferrer" className={`${TEXT_LINK_CLASSES} break-all`}>
        {part}
      </a>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}

export const MESSAGE_PRE_CLASSES =
  "mt-2 max-h-72 overflow-auto rounded-md bg-slate-50 p-3 text-xs whitespace-pre-wrap break-words text-slate-800 ring-1 ring-slate-200";

export function EmailPreview({ email, tall = false }: { email: EmailContent; tall?: boolean }) {
  return (
    <>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-xs font-medium text-slate-500">To</dt>
        <dd className="break-words">{email.to.join(", ")}</dd>
        <dt className="text-xs font-medium text-slate-500">Subject</dt>
        <dd className="break-words">{email.subject}</dd>
      </dl>
      <pre aria-label="Email text" className={`${MESSAGE_PRE_CLASSES} ${tall ? "max-h-none" : ""}`}>
        <Linked text={email.text} />
      </pre>
      {email.html ? (
        <iframe
          title={`The email's HTML: ${email.subject}`}
          // No allow-* at all: the message's HTML can run no script and reach nothing of this page.
          sandbox=""
          srcDoc={email.html}
          className={`mt-2 w-full rounded-md bg-white ring-1 ring-slate-200 ${tall ? "h-96" : "h-72"}`}
        />
      ) : null}
    </>
  );
}
