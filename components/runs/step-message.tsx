// The message a step sent — or, in dry-run, would have sent — as the step recorded it: the email as
// rendered (text, and the HTML in a sandboxed frame that can run nothing), or each webhook delivery
// with its headers and exact body.
import { MESSAGE_PRE_CLASSES, EmailPreview, type EmailContent } from "@/components/email/email-preview";

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item) => typeof item === "string") : []);

interface RecordedDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function emailOf(result: Json): EmailContent | null {
  const email = result.email;
  if (!isRecord(email) || typeof email.subject !== "string" || typeof email.text !== "string") return null;
  return {
    to: strings(email.to),
    subject: email.subject,
    text: email.text,
    html: typeof email.html === "string" ? email.html : null,
  };
}

function deliveriesOf(result: Json): RecordedDelivery[] {
  if (!Array.isArray(result.deliveries)) return [];
  return result.deliveries.filter(isRecord).flatMap((delivery) =>
    typeof delivery.url === "string" && typeof delivery.body === "string" && isRecord(delivery.headers)
      ? [
          {
            url: delivery.url,
            body: delivery.body,
            headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)])),
          },
        ]
      : [],
  );
}

const summaryClass =
  "cursor-pointer rounded font-medium text-slate-700 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600";

export function StepMessage({ result, dryRun }: { result: unknown; dryRun: boolean }) {
  if (!isRecord(result)) return null;
  const email = emailOf(result);
  const deliveries = deliveriesOf(result);
  if (!email && deliveries.length === 0) return null;
  const verb = dryRun ? "would be sent" : result.keptInOutbox === true ? "as kept in the outbox" : "as sent";
  return (
    <div className="mt-3 space-y-2 text-sm">
      {email ? (
        <details>
          <summary className={summaryClass}>Email {verb}</summary>
          <EmailPreview email={email} />
        </details>
      ) : null}
      {deliveries.map((delivery) => (
        <details key={delivery.url}>
          <summary className={summaryClass}>
            Webhook {verb}: POST {delivery.url}
          </summary>
          <pre aria-label={`Request to ${delivery.url}`} className={MESSAGE_PRE_CLASSES}>
            {Object.entries(delivery.headers)
              .map(([name, value]) => `${name}: ${value}`)
              .join("\n")}
            {"\n\n"}
            {delivery.body}
          </pre>
        </details>
      ))}
    </div>
  );
}
