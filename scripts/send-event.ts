// npm run send-event -- <type> [options] (--help lists them): sends a signed sample Stripe event,
// built from real payloads, to a running instance.
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { SAMPLE_EVENT_TYPES, sendSampleEvent } from "../lib/samples/send-sample-event";
import { BILLING_INTERVALS, type SampleEventType } from "../lib/samples/sample-events";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    amount: { type: "string" },
    currency: { type: "string" },
    interval: { type: "string" },
    "interval-count": { type: "string" },
    attempt: { type: "string" },
    "customer-metadata": { type: "string", multiple: true },
    "invoice-metadata": { type: "string", multiple: true },
    product: { type: "string", multiple: true },
    "send-invoice": { type: "boolean" },
    "due-in-days": { type: "string" },
    "api-version": { type: "string" },
    url: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const USAGE = `usage: npm run send-event -- <type> [options]

Sends a signed sample Stripe event, built from real payloads, to a running instance's webhook route.

types:
  ${SAMPLE_EVENT_TYPES.join("\n  ")}

options:
  --amount <minor units>        the invoice's amount due, e.g. 25000 for $250.00
  --currency <code>             the invoice's currency (usd)
  --interval <${BILLING_INTERVALS.join("|")}>  the subscription price's billing interval
  --interval-count <n>          intervals per period: --interval month --interval-count 3 is quarterly
  --attempt <n>                 the payment attempt that failed (invoice.payment_failed: 1)
  --customer-metadata key=value the customer's metadata (repeat for more)
  --invoice-metadata key=value  the invoice's metadata (repeat for more)
  --product <prod_…>            a product on the invoice's lines (repeat for more)
  --send-invoice                an invoice sent for payment (collection_method send_invoice)
  --due-in-days <n>             a sent invoice due in n days (implies --send-invoice)
  --api-version <date>          the payload's Stripe API version, e.g. 2024-06-20
  --url <base url>              where to send it (http://localhost:${process.env.PORT ?? 3000})
  -h, --help                    this text

example:
  npm run send-event -- invoice.payment_failed --amount 25000 --interval year`;

const type = positionals[0] as SampleEventType | undefined;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!type || !SAMPLE_EVENT_TYPES.includes(type)) {
  console.error(`${type ? `send-event: unknown type "${type}"` : "send-event: which event?"}\n\n${USAGE}`);
  process.exit(2);
}

function pairs(list: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  return Object.fromEntries(
    list.map((pair) => {
      const [key, ...rest] = pair.split("=");
      if (!key || !rest.length) throw new Error(`--${flag} takes key=value, got "${pair}"`);
      return [key, rest.join("=")];
    }),
  );
}

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`--${flag} takes a whole number, got "${value}"`);
  return Number(value);
}

const secret = process.env.STRIPE_WEBHOOK_SECRET;
if (!secret) {
  console.error("STRIPE_WEBHOOK_SECRET is not set: the instance would refuse an unsigned event");
  process.exit(2);
}
const baseUrl = values.url ?? `http://localhost:${process.env.PORT ?? 3000}`;
const dueInDays = int(values["due-in-days"], "due-in-days");
const interval = BILLING_INTERVALS.find((known) => known === values.interval);
if (values.interval !== undefined && interval === undefined) {
  console.error(`--interval takes ${BILLING_INTERVALS.join(", ")}, got "${values.interval}"`);
  process.exit(2);
}
// --interval month --interval-count 3: a quarterly price.
const intervalCount = int(values["interval-count"], "interval-count");
if (intervalCount !== undefined && intervalCount < 1) {
  console.error(`--interval-count takes a whole number of 1 or more, got "${values["interval-count"]}"`);
  process.exit(2);
}

try {
  const result = await sendSampleEvent({
    baseUrl,
    secret,
    type,
    options: {
      amount: int(values.amount, "amount"),
      currency: values.currency?.toLowerCase(),
      interval,
      intervalCount,
      attemptCount: int(values.attempt, "attempt") ?? (type === "invoice.payment_failed" ? 1 : undefined),
      customerMetadata: pairs(values["customer-metadata"], "customer-metadata"),
      invoiceMetadata: pairs(values["invoice-metadata"], "invoice-metadata"),
      productIds: values.product,
      collectionMethod: values["send-invoice"] || dueInDays !== undefined ? "send_invoice" : undefined,
      dueDate: dueInDays !== undefined ? Math.floor(Date.now() / 1000) + dueInDays * 86_400 : undefined,
      apiVersion: values["api-version"],
    },
  });
  console.log(`${type} ${result.eventId} (object ${result.objectId}) → ${baseUrl}: ${result.status} ${result.body}`);
  console.log(
    `Watch it: GET ${baseUrl}/api/events/${result.eventId} and ${baseUrl}/api/runs (Authorization: Bearer $ADMIN_API_TOKEN)`,
  );
  process.exit(result.status < 300 ? 0 : 1);
} catch (error) {
  console.error(`send-event: ${unreachable(error) ?? (error instanceof Error ? error.message : String(error))}`);
  process.exit(1);
}

/** fetch's "fetch failed" in words: which URL, why, and what to do. */
function unreachable(error: unknown): string | null {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (!(error instanceof TypeError) || !cause) return null;
  const target = `${baseUrl}/api/webhooks/stripe`;
  return `could not reach ${target} (${cause.code ?? cause.message ?? "no answer"}): start the product with \`npm run dev\`, or pass --url <base url> to send elsewhere`;
}
