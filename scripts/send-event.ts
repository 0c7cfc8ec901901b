// npm run send-event -- <type> [--amount 25000] [--currency usd] [--interval day|week|month|year]
//   [--interval-count 3] [--attempt 1]
//   [--customer-metadata key=value] [--invoice-metadata key=value] [--product prod_…] [--send-invoice]
//   [--due-in-days 7] [--api-version 2020-03-02] [--url http://localhost:3000]
// Sends a signed sample Stripe event (built from real payloads) to a running instance.
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

const type = positionals[0] as SampleEventType | undefined;
if (values.help || !type || !SAMPLE_EVENT_TYPES.includes(type)) {
  console.error(`usage: npm run send-event -- <type> [options]\n  types: ${SAMPLE_EVENT_TYPES.join(", ")}`);
  process.exit(values.help ? 0 : 2);
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
  console.error(`send-event: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
