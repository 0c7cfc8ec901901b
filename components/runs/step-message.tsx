// The message a step sent — or, in dry-run, would have sent — as the step recorded it: the email as
// rendered (text, and the HTML in a sandboxed frame that can run nothing), or each webhook delivery
// with its headers and exact body.

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item) => typeof item === "string") : []);

interface RecordedEmail {
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

interface RecordedDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function emailOf(result: Json): RecordedEmail | null {
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
const preClass =
  "mt-2 max-h-72 overflow-auto rounded-md bg-slate-50 p-3 text-xs whitespace-pre-wrap break-words text-slate-800 ring-1 ring-slate-200";

export function StepMessage({ result, dryRun }: { result: unknown; dryRun: boolean }) {
  if (!isRecord(result)) return null;
  const email = emailOf(result);
  const deliveries = deliveriesOf(result);
  if (!email && deliveries.length === 0) return null;
  const verb = dryRun ? "would be sent" : "as sent";
  return (
    <div className="mt-3 space-y-2 text-sm">
      {email ? (
        <details>
          <summary className={summaryClass}>Email {verb}</summary>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-xs font-medium text-slate-500">To</dt>
            <dd className="break-words">{email.to.join(", ")}</dd>
            <dt className="text-xs font-medium text-slate-500">Subject</dt>
            <dd className="break-words">{email.subject}</dd>
          </dl>
          <pre aria-label="Email text" className={preClass}>
            {email.text}
          </pre>
          {email.html ? (
            <iframe
              title={`The email's HTML: ${email.subject}`}
              // No allow-* at all: the message's HTML can run no script and reach nothing of this page.
              sandbox=""
              srcDoc={email.html}
              className="mt-2 h-72 w-full rounded-md bg-white ring-1 ring-slate-200"
            />
          ) : null}
        </details>
      ) : null}
      {deliveries.map((delivery) => (
        <details key={delivery.url}>
          <summary className={summaryClass}>
            Webhook {verb}: POST {delivery.url}
          </summary>
          <pre aria-label={`Request to ${delivery.url}`} className={preClass}>
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
