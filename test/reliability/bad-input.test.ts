// Bad input: whatever reaches the webhook route or the JSON API, the answer is a 4xx that says why,
// never a 5xx or a thrown handler, and nothing is stored or changed. Inputs are generated with
// fast-check (a failure prints its seed and the shrunk input); each run checks the database itself.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SUBSCRIPTION_INTERVALS } from "../../lib/conditions/subscription-interval";
import { ACTION_NAMES, actionsAllowedOn } from "../../lib/steps";
import { DURATION_UNITS } from "../../lib/steps/durations";
import { MAX_RETRIES } from "../../lib/steps/set-retry-policy";
import { TRIGGERS, type Trigger } from "../../lib/triggers";
import { MAX_WEBHOOK_BODY_BYTES, SIGNATURE_TOLERANCE_SECONDS } from "../../lib/events/receive-stripe-event";
import { SAMPLE_EVENT_TYPES, sampleIds, type SampleEvent } from "../../lib/samples/sample-events";
import { highValueDunning } from "../support/automations";
import { recordFigures } from "../support/figures";
import { startHarness, TEST_API_TOKEN, TEST_WEBHOOK_SECRET, waitForProcessed, type Harness } from "../support/harness";
import { call } from "../support/routes";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});

const webhook = { tried: 0, refused: 0, serverErrors: 0, crashes: 0, stored: 0, byStatus: new Map<number, number>() };
const api = {
  tried: 0,
  namedTheField: 0,
  filters: 0,
  filtersAnswered200: 0,
  filtersNamed: 0,
  unknownIds: 0,
  answered404: 0,
  rowsWritten: 0,
  serverErrors: 0,
};

afterAll(async () => {
  recordFigures("bad-input", "webhook", {
    title: "Fuzzed webhook deliveries: bytes, truncated JSON, over 1 MB, content types, signatures, non-events",
    database: "PostgreSQL",
    figures: {
      "webhook inputs tried": webhook.tried,
      "refused with 4xx": webhook.refused,
      "of which 400": webhook.byStatus.get(400) ?? 0,
      "of which 413 (over 1 MB)": webhook.byStatus.get(413) ?? 0,
      "of which 415 (not JSON)": webhook.byStatus.get(415) ?? 0,
      "5xx or crash": webhook.serverErrors + webhook.crashes,
      "events stored": webhook.stored,
    },
  });
  recordFigures("bad-input", "api", {
    title: "Invalid automations (one field broken), list filters and unknown ids on the JSON API",
    database: "PostgreSQL",
    figures: {
      "API inputs tried": api.tried,
      "refused with 400 naming the field": api.namedTheField,
      "list filters tried": api.filters,
      "of which usable (200)": api.filtersAnswered200,
      "refused with 400 naming the parameter": api.filtersNamed,
      "unknown ids tried": api.unknownIds,
      "answered 404": api.answered404,
      "5xx": api.serverErrors,
      "rows written": api.rowsWritten,
    },
  });
  await h?.close();
});

// ---- answers ----------------------------------------------------------------------------------

const errorBody = z.object({
  error: z.object({
    message: z.string().min(1),
    issues: z.array(z.object({ path: z.string(), message: z.string().min(1) })).optional(),
  }),
});
type ErrorBody = z.infer<typeof errorBody>;

interface Answer {
  status: number;
  text: string;
}

/** The route's answer; a handler that throws instead of answering fails the property at once. */
async function send(
  method: string,
  path: string,
  init: Parameters<typeof call>[2],
  tally: { serverErrors: number; crashes?: number },
): Promise<Answer> {
  let response: Response;
  try {
    response = await call(method, path, init);
  } catch (error) {
    if (tally.crashes !== undefined) tally.crashes += 1;
    throw new Error(`${method} ${path} threw instead of answering: ${String(error)}`, { cause: error });
  }
  const text = await response.text();
  if (response.status >= 500) tally.serverErrors += 1;
  return { status: response.status, text };
}

/** A 4xx (the given one, if any) with the API's `{ error: { message, issues? } }` body. */
function refusal(answer: Answer, status?: number): ErrorBody {
  expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.text).toBeLessThan(500);
  if (status !== undefined) expect(answer.status, answer.text).toBe(status);
  let json: unknown;
  expect(() => (json = JSON.parse(answer.text)), `not JSON: ${answer.text}`).not.toThrow();
  return errorBody.parse(json);
}

/** True when an issue is about the field at `path` (or something inside it). */
function namesField(body: ErrorBody, path: string): boolean {
  return (body.error.issues ?? []).some((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
}

// ---- the webhook ------------------------------------------------------------------------------

const WEBHOOK = "/api/webhooks/stripe";
/** What Stripe sends. */
const JSON_TYPE = "application/json; charset=utf-8";

type Body = string | Uint8Array | ReadableStream<Uint8Array>;

/** Stripe's scheme: HMAC-SHA256 of `t.body` over the exact bytes, keyed with the whole secret. */
function signatureOf(body: string | Uint8Array, options: { secret?: string; timestamp?: number } = {}): string {
  const timestamp = options.timestamp ?? h.clock.nowSeconds();
  const mac = createHmac("sha256", options.secret ?? TEST_WEBHOOK_SECRET)
    .update(`${timestamp}.`)
    .update(body)
    .digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

function signed(body: string | Uint8Array, options?: { secret?: string; timestamp?: number }): Record<string, string> {
  return { "content-type": JSON_TYPE, "stripe-signature": signatureOf(body, options) };
}

async function storedCounts() {
  const db = h.database.db;
  const [events, runs, evaluations, steps, jobs] = await Promise.all([
    db.event.count(),
    db.run.count(),
    db.evaluation.count(),
    db.runStep.count(),
    db.job.count(),
  ]);
  return { events, runs, evaluations, steps, jobs };
}

/** Posts to the webhook route and checks the refusal: its status, its body, and that nothing was stored. */
async function refusedByWebhook(body: Body, headers: Record<string, string>, status?: number): Promise<ErrorBody> {
  const before = await storedCounts();
  webhook.tried += 1;
  const answer = await send("POST", WEBHOOK, { body, headers }, webhook);
  const after = await storedCounts();
  webhook.stored += after.events - before.events;
  const refused = refusal(answer, status);
  expect(after).toEqual(before);
  webhook.refused += 1;
  webhook.byStatus.set(answer.status, (webhook.byStatus.get(answer.status) ?? 0) + 1);
  return refused;
}

const anEvent = (): fc.Arbitrary<SampleEvent> =>
  fc.constantFrom(...SAMPLE_EVENT_TYPES).map((type) => h.event(type, sampleIds()));

const encoder = new TextEncoder();

/** A valid event whose JSON is exactly `bytes` long (ASCII padding in a field of the invoice). */
function eventOfSize(bytes: number): string {
  const event = h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1 });
  const withPadding = (padding: string) =>
    JSON.stringify({ ...event, data: { ...event.data, object: { ...event.data.object, padding } } });
  const body = withPadding("x".repeat(bytes - encoder.encode(withPadding("")).length));
  expect(encoder.encode(body).length).toBe(bytes);
  return body;
}

/** A stream of `chunkBytes` chunks up to `totalBytes` (or without end), counting what the reader pulled. */
function streamOf(totalBytes: number, chunkBytes = 64 * 1024) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - pulled.bytes);
      pulled.bytes += size;
      controller.enqueue(new Uint8Array(size).fill(0x7b));
    },
  });
  return { stream, pulled };
}

describe("POST /api/webhooks/stripe with bad input: a 4xx, never a 5xx, nothing stored", () => {
  beforeAll(async () => {
    await h.reset();
  });

  // The control: what Stripe really sends goes through these same helpers, so a refusal below is
  // the route's doing, not a broken request.
  it("accepts Stripe's deliveries: signed now, 300 s old, a minute ahead, exactly 1 MB", async () => {
    const accepted: string[] = [];
    const cases: Array<[string, number]> = [
      ["now", 0],
      ["at the tolerance", -SIGNATURE_TOLERANCE_SECONDS],
      ["a minute ahead (clock skew)", 60],
    ];
    for (const [label, offset] of cases) {
      const event = h.event("invoice.finalized", sampleIds());
      const body = JSON.stringify(event);
      const answer = await send(
        "POST",
        WEBHOOK,
        { body, headers: signed(body, { timestamp: h.clock.nowSeconds() + offset }) },
        webhook,
      );
      expect(answer.status, `${label}: ${answer.text}`).toBe(200);
      accepted.push(event.id);
    }
    const atLimit = eventOfSize(MAX_WEBHOOK_BODY_BYTES);
    const limitAnswer = await send(
      "POST",
      WEBHOOK,
      {
        body: atLimit,
        headers: {
          ...signed(atLimit),
          "content-length": String(MAX_WEBHOOK_BODY_BYTES),
          "content-type": "Application/JSON",
        },
      },
      webhook,
    );
    expect(limitAnswer.status, limitAnswer.text).toBe(200);
    accepted.push((JSON.parse(atLimit) as { id: string }).id);
    for (const id of accepted) await waitForProcessed(h.engine, id);
    expect(await h.database.db.event.count()).toBe(accepted.length);
    await h.reset();
  });

  it("refuses random bytes and random text, even validly signed, with 400", async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.string({ unit: "binary", maxLength: 512 }).filter((text) => !/\p{Cs}/u.test(text)),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ id: "evt_1", data: value })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        await refusedByWebhook(bytes, signed(bytes), 400);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses bodies without a signature or with a garbled one with 400, real events included", async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 1024 }),
      anEvent().map((event) => JSON.stringify(event)),
    );
    const header = fc.oneof(
      fc.constant(undefined),
      fc.string({ unit: "grapheme-ascii", maxLength: 200 }),
      fc
        .tuple(
          fc.oneof(fc.integer(), fc.string({ unit: "grapheme-ascii", maxLength: 12 })),
          fc.stringMatching(/^[0-9a-f]{64}$/),
        )
        .map(([t, v1]) => `t=${t},v1=${v1}`),
      fc.stringMatching(/^[0-9a-f]{64}$/).map((v1) => `v1=${v1}`),
      fc.constant("t=,v1="),
    );
    await fc.assert(
      fc.asyncProperty(body, header, async (bytes, signature) => {
        const headers: Record<string, string> = { "content-type": JSON_TYPE };
        if (signature !== undefined) headers["stripe-signature"] = signature;
        const refused = await refusedByWebhook(bytes, headers, 400);
        // Bytes that are not UTF-8 are refused for that before their signature is looked at.
        expect(refused.error.message).toMatch(/signature|UTF-8/i);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses truncated event JSON with 400, signed over the truncated body or over the whole", async () => {
    const truncated = anEvent().chain((event) => {
      const whole = JSON.stringify(event);
      return fc.record({
        whole: fc.constant(whole),
        cut: fc.integer({ min: 0, max: whole.length - 1 }),
        signedOver: fc.constantFrom("truncated", "whole"),
      });
    });
    await fc.assert(
      fc.asyncProperty(truncated, async ({ whole, cut, signedOver }) => {
        const body = whole.slice(0, cut);
        await refusedByWebhook(body, signed(signedOver === "truncated" ? body : whole), 400);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses bodies over 1 MB with 413 without reading them whole, whatever Content-Length says", async () => {
    const oversized = fc.record({
      bytes: fc.integer({ min: MAX_WEBHOOK_BODY_BYTES + 1, max: 3 * MAX_WEBHOOK_BODY_BYTES }),
      contentLength: fc.constantFrom("true", "absent", "understated"),
    });
    await fc.assert(
      fc.asyncProperty(oversized, async ({ bytes, contentLength }) => {
        const body = eventOfSize(bytes);
        const headers = signed(body);
        if (contentLength === "true") headers["content-length"] = String(bytes);
        if (contentLength === "understated") headers["content-length"] = "100";
        const refused = await refusedByWebhook(
          contentLength === "understated" ? streamOf(bytes).stream : body,
          headers,
          413,
        );
        expect(refused.error.message).toMatch(/1 MB|too large/i);
      }),
      { numRuns: 12 },
    );

    // A body that never ends: refused once the limit is passed, not read to the end.
    const endless = streamOf(Number.POSITIVE_INFINITY);
    await refusedByWebhook(endless.stream, { "content-type": JSON_TYPE, "stripe-signature": signatureOf("{}") }, 413);
    expect(endless.pulled.bytes).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES + 2 * 64 * 1024);

    // A declared length over the limit is refused without a byte read.
    const declared = streamOf(16 * MAX_WEBHOOK_BODY_BYTES);
    await refusedByWebhook(
      declared.stream,
      {
        "content-type": JSON_TYPE,
        "content-length": String(16 * MAX_WEBHOOK_BODY_BYTES),
        "stripe-signature": "t=1,v1=0",
      },
      413,
    );
    expect(declared.pulled.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("refuses other content types with 415, even for a validly signed event", async () => {
    const isJson = (type: string) => /^\s*application\/json\s*(;|$)/i.test(type);
    const contentType = fc.oneof(
      fc.constantFrom(
        "text/plain",
        "text/plain; charset=utf-8",
        "multipart/form-data; boundary=----stripe",
        "application/x-www-form-urlencoded",
        "application/xml",
        "application/octet-stream",
        "text/json",
        "application/jsonp",
        "application/json-patch+json",
        "application/vnd.api+json",
        "",
        "missing",
      ),
      fc.string({ unit: "grapheme-ascii", maxLength: 60 }).filter((type) => !isJson(type)),
    );
    await fc.assert(
      fc.asyncProperty(anEvent(), contentType, async (event, type) => {
        const text = JSON.stringify(event);
        const { "stripe-signature": signature = "" } = signed(text);
        // Bytes: a text body would get Request's own text/plain when no type is given.
        const refused =
          type === "missing"
            ? await refusedByWebhook(encoder.encode(text), { "stripe-signature": signature }, 415)
            : await refusedByWebhook(text, { "content-type": type, "stripe-signature": signature }, 415);
        expect(refused.error.message).toMatch(/application\/json/);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses missing, garbled, wrong-secret, stale and future signatures with 400", async () => {
    const years = 10 * 365 * 86_400;
    const variant = fc.oneof(
      fc.constant({ kind: "missing" as const }),
      fc.string({ unit: "grapheme-ascii", maxLength: 120 }).map((header) => ({ kind: "garbled" as const, header })),
      fc
        .string({ minLength: 1, maxLength: 60 })
        .filter((secret) => secret !== TEST_WEBHOOK_SECRET)
        .map((secret) => ({ kind: "wrong secret" as const, secret })),
      fc
        .integer({ min: SIGNATURE_TOLERANCE_SECONDS + 1, max: years })
        .map((age) => ({ kind: "stale" as const, offset: -age })),
      fc
        .integer({ min: SIGNATURE_TOLERANCE_SECONDS + 1, max: years })
        .map((ahead) => ({ kind: "future" as const, offset: ahead })),
      fc.constantFrom("v0", "v2", "V1").map((scheme) => ({ kind: "other scheme" as const, scheme })),
    );
    await fc.assert(
      fc.asyncProperty(anEvent(), variant, async (event, how) => {
        const body = JSON.stringify(event);
        const headers: Record<string, string> = { "content-type": JSON_TYPE };
        const now = h.clock.nowSeconds();
        if (how.kind === "garbled") headers["stripe-signature"] = how.header;
        if (how.kind === "wrong secret") headers["stripe-signature"] = signatureOf(body, { secret: how.secret });
        if (how.kind === "stale" || how.kind === "future")
          headers["stripe-signature"] = signatureOf(body, { timestamp: now + how.offset });
        if (how.kind === "other scheme")
          headers["stripe-signature"] = signatureOf(body).replace("v1=", `${how.scheme}=`);
        const refused = await refusedByWebhook(body, headers, 400);
        expect(refused.error.message).toMatch(/signature/i);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a valid signature over another body: one byte changed, a field changed, bytes added", async () => {
    const change = anEvent().chain((event) => {
      const original = JSON.stringify(event);
      const bytes = encoder.encode(original);
      const byteChanged = fc
        .record({ at: fc.integer({ min: 0, max: bytes.length - 1 }), delta: fc.integer({ min: 1, max: 255 }) })
        .map(({ at, delta }) => {
          const changed = bytes.slice();
          changed[at] = ((changed[at] ?? 0) + delta) % 256;
          return changed;
        });
      const otherType = fc
        .constantFrom(...SAMPLE_EVENT_TYPES)
        .filter((type) => type !== event.type)
        .map((type) => JSON.stringify({ ...event, type }));
      const fieldChanged = fc.oneof(
        otherType,
        fc.constant(JSON.stringify({ ...event, id: `${event.id}0` })),
        fc.constant(JSON.stringify({ ...event, livemode: !event.livemode })),
        fc
          .integer()
          .map((amount) =>
            JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_due: amount } } }),
          ),
        fc.constant(JSON.stringify(event, null, 2)),
      );
      const added = fc
        .constantFrom(" ", "\n", "\r\n", "{}")
        .chain((extra) => fc.constantFrom(`${original}${extra}`, `${extra}${original}`));
      return fc.record({ original: fc.constant(original), sent: fc.oneof(byteChanged, fieldChanged, added) });
    });
    await fc.assert(
      fc.asyncProperty(change, async ({ original, sent }) => {
        const refused = await refusedByWebhook(sent, signed(original), 400);
        expect(refused.error.message).toMatch(/signature|UTF-8/i);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a validly signed JSON value that is not a Stripe event with 400 naming the field", async () => {
    // Stands for a number JSON.stringify cannot write: swapped for the literal in the body text.
    const HUGE = "\u0001huge\u0001";
    type Raw = { value: unknown; path: string };
    const anyJson = fc.jsonValue({ maxDepth: 2 });
    const not = (accept: (value: unknown) => boolean) => anyJson.filter((value) => !accept(value));
    const isString = (value: unknown) => typeof value === "string";
    const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
    const REMOVE = Symbol("remove");
    const field = (path: string, values: fc.Arbitrary<unknown>): fc.Arbitrary<Raw> =>
      values.map((value) => ({ value, path }));
    const breakage = fc.oneof(
      field(
        "id",
        fc.oneof(
          not(isString),
          fc.string().filter((id) => !/^evt_[A-Za-z0-9_]+$/.test(id)),
          fc.constant(REMOVE),
        ),
      ),
      field(
        "type",
        fc.oneof(not(isString), fc.constant(""), fc.string({ minLength: 201, maxLength: 400 }), fc.constant(REMOVE)),
      ),
      field(
        "created",
        fc.oneof(
          not((value) => typeof value === "number"),
          fc.integer({ max: 0 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
          fc.constantFrom(2 ** 53, 1e300, HUGE),
          fc.constant(REMOVE),
        ),
      ),
      field(
        "livemode",
        not((value) => typeof value === "boolean"),
      ),
      field(
        "api_version",
        not((value) => value === null || isString(value)),
      ),
      field(
        "object",
        not((value) => value === "event"),
      ),
      field("data", fc.oneof(not(isObject), fc.constant(REMOVE))),
      field("data.object", fc.oneof(not(isObject), fc.constant(REMOVE))),
      field("data.object.id", fc.oneof(not(isString), fc.constant(""), fc.constant(REMOVE))),
      field(
        "data.object.object",
        not((value) => isString(value)),
      ),
      field(
        "data.previous_attributes",
        not((value) => value === null || isObject(value)),
      ),
      field("request", fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }))),
      field("", not(isObject)),
    );
    await fc.assert(
      fc.asyncProperty(anEvent(), breakage, async (event, { value, path }) => {
        let json: unknown = structuredClone(event);
        if (path === "") json = value;
        else {
          const keys = path.split(".");
          const last = keys.pop() ?? "";
          let parent = json as Record<string, unknown>;
          for (const key of keys) parent = parent[key] as Record<string, unknown>;
          if (value === REMOVE) delete parent[last];
          else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
        }
        const body = JSON.stringify(json).replace(JSON.stringify(HUGE), "1e400");
        const refused = await refusedByWebhook(body, signed(body), 400);
        expect(namesField(refused, path), JSON.stringify(refused)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses validly signed events it could not store faithfully (NUL, lone surrogates, deep nesting, huge ids) with 400", async () => {
    const invoiceField = fc.constantFrom("description", "number", "customer_email", "id");
    const text = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }));
    const unstorable = fc.oneof(
      fc.record({ kind: fc.constant("NUL"), field: invoiceField, around: text }),
      fc.record({ kind: fc.constant("lone surrogate"), field: invoiceField, around: text }),
      fc.record({ kind: fc.constant("deep nesting"), depth: fc.integer({ min: 65, max: 200_000 }) }),
      fc.record({
        kind: fc.constant("huge id"),
        field: fc.constantFrom("id", "data.object.id"),
        length: fc.integer({ min: 256, max: 100_000 }),
      }),
      fc.record({ kind: fc.constant("NUL key"), key: fc.string({ maxLength: 10 }) }),
    );
    await fc.assert(
      fc.asyncProperty(anEvent(), unstorable, fc.integer({ min: 0 }), async (event, how, seed) => {
        const object: Record<string, unknown> = { ...event.data.object };
        const copy = { ...event, data: { ...event.data, object } };
        let body: string;
        if (how.kind === "NUL" || how.kind === "lone surrogate") {
          const [before, after] = how.around;
          const bad = how.kind === "NUL" ? "\u0000" : seed % 2 ? "\ud83d" : "\ude00";
          object[how.field] = `${how.field === "id" ? "in_" : ""}${before}${bad}${after}`;
          body = JSON.stringify(copy);
        } else if (how.kind === "deep nesting") {
          object.metadata = "\u0001nest\u0001";
          body = JSON.stringify(copy).replace(
            '"\\u0001nest\\u0001"',
            `${"[".repeat(how.depth)}${"]".repeat(how.depth)}`,
          );
        } else if (how.kind === "huge id") {
          const long = Array.from(
            { length: how.length },
            (_, i) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[(seed + i * 7919 + i * i) % 62],
          ).join("");
          if (how.field === "id") body = JSON.stringify({ ...copy, id: `evt_${long}` });
          else {
            object.id = `in_${long}`;
            body = JSON.stringify(copy);
          }
        } else {
          object.metadata = { [`${how.key}\u0000`]: "value" };
          body = JSON.stringify(copy);
        }
        await refusedByWebhook(body, signed(body), 400);
      }),
      { numRuns: 150 },
    );
  });

  it("stored nothing at all", async () => {
    expect(await storedCounts()).toEqual({ events: 0, runs: 0, evaluations: 0, steps: 0, jobs: 0 });
  });
});

// ---- the API ----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const email = {
  type: "action",
  action: "send_team_email",
  params: { to: ["ops@example.com"], memo: "Renewal failed" },
};

/** Valid automations, one per shape of step and condition, each broken in one place below. */
const VALID: Record<string, JsonObject> = {
  dunning: { ...(highValueDunning({ status: "active" }) as unknown as JsonObject) },
  reminder: {
    name: "Reminder a week before the due date",
    trigger: "invoice_due_date_upcoming",
    conditions: [{ type: "invoice_metadata", key: "tier", value: "gold" }],
    steps: [
      { type: "delay", amount: -7, unit: "days", from: "due_date" },
      { type: "action", action: "send_invoice_will_be_due_webhook", params: { url: "https://hooks.example.com/due" } },
      { type: "delay", amount: 1, unit: "days" },
      email,
    ],
  },
  declines: {
    name: "Hard declines of gold subscriptions",
    trigger: "subscription_payment_failed",
    conditions: [
      { type: "subscription_metadata", key: "plan", value: "gold" },
      { type: "decline", kind: "hard" },
      { type: "decline", codes: ["lost_card", "stolen_card"] },
    ],
    steps: [email],
  },
  farewell: {
    name: "Cancellation survey",
    trigger: "subscription_canceled",
    status: "paused",
    conditions: [],
    steps: [{ type: "action", action: "send_cancellation_email", params: { surveyUrl: "https://example.com/survey" } }],
  },
};

interface Broken {
  body: JsonObject;
  /** The field the 400 must name, as the API writes paths ("steps.2.action"). */
  path: string;
  /** The top-level field the breakage changed, or null if it removed one. */
  changed: string | null;
}

const REMOVE = Symbol("remove");
type Key = string | number;

/** A copy of `base` with the value at `at` replaced (or removed); keys such as __proto__ stay plain keys. */
function withValue(base: JsonObject, at: Key[], value: Json | typeof REMOVE): JsonObject {
  const copy = structuredClone(base);
  let parent: Json = copy;
  // A missing container (an action step without params) is created, so a key can be added to it.
  for (const key of at.slice(0, -1)) {
    const container = parent as Record<Key, Json>;
    parent = container[key] ??= {};
  }
  const last = at.at(-1) ?? "";
  const container = parent as Record<Key, Json>;
  if (value === REMOVE) delete container[last];
  else Object.defineProperty(container, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function broken(base: JsonObject, at: Key[], value: Json | typeof REMOVE, path = at.join(".")): Broken {
  const top = String(at[0] ?? "");
  return { body: withValue(base, at, value), path, changed: value === REMOVE && at.length === 1 ? null : top };
}

const anyJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
const notA = (accept: (value: Json) => boolean) => anyJson.filter((value) => !accept(value));
const isString = (value: Json) => typeof value === "string";
const isNumber = (value: Json) => typeof value === "number";
const isArray = (value: Json) => Array.isArray(value);
const isObject = (value: Json) => typeof value === "object" && value !== null && !Array.isArray(value);
const isUnit = (value: Json) => typeof value === "string" && (DURATION_UNITS as readonly string[]).includes(value);
const longText = (min: number) =>
  fc.string({ unit: "grapheme-ascii", minLength: min, maxLength: min + 200 }).map((text) => `x${text}x`);
/** An unknown key for an object that has `known` keys. */
const unknownKey = (known: string[]) =>
  fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !known.includes(key));
/** Text a database could not store as it is: a NUL, or half of a surrogate pair. */
const unstorableText = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom("\u0000", "\ud83d", "\ude00"), fc.string({ maxLength: 10 }))
  .map(([before, bad, after]) => `x${before}${bad}${after}`);

const indexes = (list: Json | undefined, accept: (item: JsonObject) => boolean): number[] =>
  (Array.isArray(list) ? list : []).flatMap((item, index) =>
    isObject(item) && accept(item as JsonObject) ? [index] : [],
  );

/** Every way to break one field of `base`, as arbitraries of broken automations. */
function breakages(base: JsonObject): Array<fc.Arbitrary<Broken>> {
  const trigger = base.trigger as Trigger;
  const conditions = base.conditions as JsonObject[];
  const steps = base.steps as JsonObject[];
  const at = (...path: Key[]) => ({
    to: (values: fc.Arbitrary<Json | typeof REMOVE>, expected?: string) =>
      values.map((value) => broken(base, path, value, expected)),
  });
  const conditionsOf = (type: string) => indexes(conditions, (c) => c.type === type);
  const stepsWhere = (accept: (step: JsonObject) => boolean) => indexes(steps, accept);
  const actionSteps = (action?: string) => stepsWhere((s) => s.type === "action" && (!action || s.action === action));
  const delays = stepsWhere((s) => s.type === "delay");
  const list: Array<fc.Arbitrary<Broken>> = [
    at("name").to(fc.oneof(notA(isString), fc.stringMatching(/^[ \t\n]{0,8}$/), longText(120), fc.constant(REMOVE))),
    at("name").to(unstorableText),
    at("trigger").to(
      fc.oneof(
        notA(isString),
        fc.string().filter((t) => !(TRIGGERS as readonly string[]).includes(t)),
        fc.constant(REMOVE),
      ),
    ),
    at("status").to(notA((value) => value === "active" || value === "paused")),
    at("conditions").to(fc.oneof(notA(isArray), fc.constant(REMOVE))),
    at("conditions").to(
      fc
        .integer({ min: 21, max: 40 })
        .map((n) => Array.from({ length: n }, (_, i) => ({ type: "customer_metadata", key: `k${i}`, value: "v" }))),
    ),
    at("steps").to(fc.oneof(notA(isArray), fc.constant<Json>([]), fc.constant(REMOVE))),
    at("steps").to(fc.integer({ min: 51, max: 80 }).map((n) => Array.from({ length: n }, () => email))),
    at("steps").to(fc.constant([{ type: "delay", amount: 1, unit: "days" }])),
  ];

  // A trigger on which one of the steps' actions is not allowed.
  const allowedOn = (t: Trigger) => actionsAllowedOn(t) as readonly string[];
  for (const other of TRIGGERS.filter((t) => t !== trigger)) {
    const first = actionSteps().find((i) => !allowedOn(other).includes(String(steps[i]?.action)));
    if (first !== undefined) list.push(at("trigger").to(fc.constant(other), `steps.${first}.action`));
  }

  conditions.forEach((condition, i) => {
    const keys = Object.keys(condition);
    list.push(at("conditions", i).to(notA(isObject)));
    list.push(
      at("conditions", i, "type").to(
        fc.oneof(
          notA(isString),
          fc
            .string()
            .filter(
              (t) =>
                ![
                  "customer_metadata",
                  "invoice_metadata",
                  "invoice_amount",
                  "subscription_interval",
                  "product",
                  "subscription_metadata",
                  "decline",
                ].includes(t),
            ),
        ),
      ),
    );
    list.push(unknownKey(keys).map((key) => broken(base, ["conditions", i, key], true, `conditions.${i}`)));
  });
  for (const i of [
    ...conditionsOf("customer_metadata"),
    ...conditionsOf("invoice_metadata"),
    ...conditionsOf("subscription_metadata"),
  ]) {
    list.push(at("conditions", i, "key").to(fc.oneof(notA(isString), fc.constant(""), longText(40), unstorableText)));
    list.push(
      at("conditions", i, "value").to(fc.oneof(notA(isString), fc.constant(""), longText(500), unstorableText)),
    );
  }
  for (const i of conditionsOf("invoice_amount")) {
    const wrongAmount = fc.oneof(
      notA((value) => value === null || isNumber(value)),
      fc.integer({ min: -1_000_000, max: -1 }),
      fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.constantFrom(2 ** 53, 1e300),
    );
    list.push(at("conditions", i, "min").to(wrongAmount));
    list.push(at("conditions", i, "max").to(wrongAmount));
    list.push(
      fc.integer({ min: 1, max: 1_000_000 }).map((gap) => {
        const min = 500_000 + gap;
        return broken(withValue(base, ["conditions", i, "min"], min), ["conditions", i, "max"], 500_000);
      }),
    );
    list.push(
      fc.constant(
        broken(withValue(base, ["conditions", i, "min"], null), ["conditions", i, "max"], null, `conditions.${i}.min`),
      ),
    );
  }
  for (const i of conditionsOf("subscription_interval")) {
    list.push(
      at("conditions", i, "interval").to(notA((value) => (SUBSCRIPTION_INTERVALS as readonly Json[]).includes(value))),
    );
    list.push(
      at("conditions", i, "intervalCount").to(notA((value) => Number.isInteger(value) && (value as number) >= 1)),
    );
    list.push(
      fc
        .constantFrom("month", "year")
        .map((interval) =>
          broken(
            base,
            ["conditions", conditions.length],
            { type: "subscription_interval", interval },
            `conditions.${conditions.length}`,
          ),
        ),
    );
  }
  for (const i of conditionsOf("decline")) {
    const condition = conditions[i] ?? {};
    if ("kind" in condition) {
      list.push(at("conditions", i, "kind").to(notA((value) => value === "hard" || value === "soft")));
      // Neither kind nor codes; or both.
      list.push(at("conditions", i, "kind").to(fc.constant(REMOVE), `conditions.${i}.kind`));
      list.push(at("conditions", i, "codes").to(fc.constant<Json>(["lost_card"])));
    } else {
      list.push(at("conditions", i, "codes").to(fc.oneof(notA(isArray), fc.constant<Json>([]))));
      list.push(
        at("conditions", i, "codes", 1).to(
          fc.oneof(
            notA(isString),
            fc.stringMatching(/^[ \t]{0,4}$/),
            fc.string({ minLength: 1, maxLength: 20 }).filter((code) => !/^[a-z][a-z0-9_]*$/.test(code.trim())),
          ),
        ),
      );
      list.push(at("conditions", i, "codes").to(fc.constant(REMOVE), `conditions.${i}.kind`));
      list.push(at("conditions", i, "kind").to(fc.constantFrom("hard", "soft"), `conditions.${i}.codes`));
    }
  }
  for (const i of conditionsOf("product")) {
    list.push(at("conditions", i, "products").to(fc.oneof(notA(isArray), fc.constant<Json>([]))));
    list.push(at("conditions", i, "products", 1).to(fc.oneof(notA(isString), fc.stringMatching(/^[ \t]{0,4}$/))));
  }

  steps.forEach((step, i) => {
    list.push(at("steps", i).to(notA(isObject)));
    list.push(at("steps", i, "type").to(notA((value) => value === "action" || value === "delay")));
    list.push(unknownKey(Object.keys(step)).map((key) => broken(base, ["steps", i, key], 1, `steps.${i}`)));
  });
  for (const i of actionSteps()) {
    list.push(
      at("steps", i, "action").to(
        fc.oneof(
          notA(isString),
          fc.string().filter((a) => !(ACTION_NAMES as readonly string[]).includes(a)),
        ),
      ),
    );
    const notAllowed = ACTION_NAMES.filter((action) => !allowedOn(trigger).includes(action));
    if (notAllowed.length) list.push(at("steps", i, "action").to(fc.constantFrom(...notAllowed)));
    list.push(at("steps", i, "params").to(notA((value) => isObject(value))));
    const params = (steps[i]?.params ?? {}) as JsonObject;
    list.push(
      unknownKey(Object.keys(params)).map((key) => broken(base, ["steps", i, "params", key], "x", `steps.${i}.params`)),
    );
  }
  for (const i of actionSteps("send_team_email")) {
    list.push(at("steps", i, "params", "to").to(fc.oneof(notA(isArray), fc.constant<Json>([]))));
    list.push(
      at("steps", i, "params", "to", 0).to(
        fc.oneof(
          notA(isString),
          fc.string().filter((s) => !s.includes("@")),
          unstorableText,
        ),
      ),
    );
    list.push(at("steps", i, "params", "memo").to(fc.oneof(notA(isString), longText(2000), unstorableText)));
  }
  for (const i of actionSteps("set_retry_policy")) {
    const retries = ["steps", i, "params", "retries"];
    list.push(at(...retries).to(fc.oneof(notA(isArray), fc.constant<Json>([]))));
    list.push(
      at(...retries).to(
        fc
          .integer({ min: MAX_RETRIES + 1, max: 30 })
          .map((n) => Array.from({ length: n }, () => ({ amount: 1, unit: "days" }))),
      ),
    );
    list.push(
      at(...retries, 0, "amount").to(
        fc.oneof(
          notA(isNumber),
          fc.integer({ max: 0 }),
          fc.double({ min: 0.01, max: 100, noNaN: true }).filter((n) => !Number.isInteger(n)),
        ),
      ),
    );
    list.push(at(...retries, 1, "unit").to(notA(isUnit)));
    list.push(
      unknownKey(["amount", "unit"]).map((key) => broken(base, [...retries, 0, key], 1, `steps.${i}.params.retries.0`)),
    );
  }
  const badUrl = fc.oneof(
    notA(isString),
    fc.constantFrom(
      "javascript:alert(1)",
      "ftp://example.com/x",
      "file:///etc/passwd",
      "not a url",
      "",
      "//example.com",
    ),
  );
  for (const i of actionSteps("send_cancellation_email")) list.push(at("steps", i, "params", "surveyUrl").to(badUrl));
  for (const i of actionSteps("send_invoice_will_be_due_webhook"))
    list.push(at("steps", i, "params", "url").to(badUrl));
  delays.forEach((i, nth) => {
    list.push(
      at("steps", i, "amount").to(
        fc.oneof(
          notA(isNumber),
          fc.double({ min: -100, max: 100, noNaN: true }).filter((n) => !Number.isInteger(n)),
          fc.integer({ min: 3651, max: 1_000_000 }),
          fc.constantFrom(2 ** 53, 1e300, -1e300),
        ),
      ),
    );
    list.push(at("steps", i, "unit").to(notA(isUnit)));
    list.push(at("steps", i, "from").to(notA((value) => value === "due_date")));
    if (trigger !== "invoice_due_date_upcoming") {
      list.push(at("steps", i, "amount").to(fc.integer({ min: -3650, max: -1 })));
      list.push(at("steps", i, "from").to(fc.constant("due_date")));
    } else if (nth > 0) {
      list.push(at("steps", i, "from").to(fc.constant("due_date")));
      list.push(at("steps", i, "amount").to(fc.integer({ min: -3650, max: -1 })));
    }
  });
  return list;
}

const anInvalidAutomation = (bases: string[] = Object.keys(VALID)): fc.Arbitrary<Broken & { base: string }> =>
  fc.constantFrom(...bases).chain((base) => fc.oneof(...breakages(VALID[base] ?? {})).map((b) => ({ ...b, base })));

async function automationRows(): Promise<string> {
  return JSON.stringify(await h.database.db.automation.findMany({ orderBy: { id: "asc" } }));
}

/** Sends one invalid request and checks: 400 naming `path`, and the Automation table unchanged. */
async function refusedByApi(method: string, path: string, body: unknown, field: string): Promise<void> {
  const before = await automationRows();
  api.tried += 1;
  const answer = await send(
    method,
    path,
    {
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, "content-type": "application/json" },
    },
    api,
  );
  const after = await automationRows();
  if (after !== before) api.rowsWritten += 1;
  const refused = refusal(answer, 400);
  expect(namesField(refused, field), `expected an issue at "${field}": ${answer.text}`).toBe(true);
  expect(after).toBe(before);
  api.namedTheField += 1;
}

describe("the JSON API with invalid automations: a 400 that names the field, nothing written", () => {
  const stored: Record<string, string> = {};
  beforeAll(async () => {
    await h.reset();
    for (const [key, body] of Object.entries(VALID)) stored[key] = (await h.createAutomation(body)).id;
    // The valid bodies are valid: a breakage below is the only reason for a 400.
    expect(await h.database.db.automation.count()).toBe(Object.keys(VALID).length);
  });

  it("POST /api/automations refuses an automation with one field broken", async () => {
    await fc.assert(
      fc.asyncProperty(anInvalidAutomation(), async ({ body, path }) => {
        await refusedByApi("POST", "/api/automations", body, path);
      }),
      { numRuns: 500 },
    );
  });

  it("PATCH /api/automations/:id refuses a change that breaks one field", async () => {
    const patches = anInvalidAutomation().filter((b) => b.changed !== null);
    await fc.assert(
      fc.asyncProperty(patches, async ({ body, path, changed, base }) => {
        const patch = { [changed ?? ""]: body[changed ?? ""] ?? null };
        await refusedByApi("PATCH", `/api/automations/${stored[base]}`, patch, path);
      }),
      { numRuns: 300 },
    );
  });

  it("POST /api/automations/import refuses a file with one broken automation, importing none", async () => {
    const file = fc
      .tuple(anInvalidAutomation(), fc.array(fc.constantFrom(...Object.values(VALID)), { maxLength: 4 }), fc.nat())
      .map(([bad, valid, at]) => {
        const index = at % (valid.length + 1);
        const automations = [...valid.slice(0, index), bad.body, ...valid.slice(index)];
        return { body: { version: 1, automations }, path: `automations.${index}${bad.path ? `.${bad.path}` : ""}` };
      });
    await fc.assert(
      fc.asyncProperty(file, async ({ body, path }) => {
        await refusedByApi("POST", "/api/automations/import", body, path);
      }),
      { numRuns: 200 },
    );
    const badFile = fc.oneof(
      notA((value) => value === 1).map((version) => ({ body: { version, automations: [] }, path: "version" })),
      notA(isArray).map((automations) => ({ body: { version: 1, automations }, path: "automations" })),
    );
    await fc.assert(
      fc.asyncProperty(badFile, async ({ body, path }) => {
        await refusedByApi("POST", "/api/automations/import", body, path);
      }),
      { numRuns: 50 },
    );
  });

  it("answers list filters it cannot use with a 400 naming the parameter, and changes nothing", async () => {
    const value = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ unit: "binary-ascii", maxLength: 30 }),
      fc.integer().map(String),
      fc.constantFrom("running", "0", "201", "-1", "1e3", "NaN", "\u0000"),
    );
    const query = fc.record({
      list: fc.constantFrom("/api/runs", "/api/events"),
      params: fc.dictionary(fc.constantFrom("automationId", "status", "limit", "cursor", "type", "objectId"), value, {
        minKeys: 1,
      }),
    });
    await fc.assert(
      fc.asyncProperty(query, async ({ list, params }) => {
        const before = JSON.stringify([await automationRows(), await storedCounts()]);
        api.filters += 1;
        const answer = await send(
          "GET",
          `${list}?${new URLSearchParams(params).toString()}`,
          { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } },
          api,
        );
        expect([200, 400], answer.text).toContain(answer.status);
        if (answer.status === 200) api.filtersAnswered200 += 1;
        else {
          const refused = refusal(answer, 400);
          expect(
            Object.keys(params).some((name) => namesField(refused, name)),
            answer.text,
          ).toBe(true);
          api.filtersNamed += 1;
        }
        expect(JSON.stringify([await automationRows(), await storedCounts()])).toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it("answers 404 to unknown ids and changes nothing", async () => {
    const id = fc
      .oneof(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
        fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 40 }),
        fc.stringMatching(/^c[a-z0-9]{24}$/),
        fc.uuid(),
        fc.constant("\u0000"),
      )
      // Dot segments are resolved away by URL parsing, and these names are routes of their own.
      .filter((value) => value.trim() !== "" && ![".", "..", "priority", "export", "import"].includes(value))
      .filter((value) => !Object.values(stored).includes(value));
    const request = fc.constantFrom(
      ["GET", "/api/automations/:id"],
      ["PATCH", "/api/automations/:id"],
      ["DELETE", "/api/automations/:id?inProgress=finish"],
      ["POST", "/api/automations/:id/pause"],
      ["POST", "/api/automations/:id/resume"],
      ["GET", "/api/runs/:id"],
      ["POST", "/api/runs/:id/cancel"],
      ["GET", "/api/events/:id"],
    );
    await fc.assert(
      fc.asyncProperty(id, request, async (unknown, [method, template]) => {
        const before = JSON.stringify([await automationRows(), await storedCounts()]);
        api.unknownIds += 1;
        const body =
          method === "PATCH" ? { name: "Renamed" } : method === "POST" ? { inProgress: "finish" } : undefined;
        const answer = await send(
          method,
          template.replace(":id", encodeURIComponent(unknown)),
          {
            ...(body ? { body: JSON.stringify(body) } : {}),
            headers: { authorization: `Bearer ${TEST_API_TOKEN}`, "content-type": "application/json" },
          },
          api,
        );
        refusal(answer, 404);
        const after = JSON.stringify([await automationRows(), await storedCounts()]);
        if (after !== before) api.rowsWritten += 1;
        expect(after).toBe(before);
        api.answered404 += 1;
      }),
      { numRuns: 300 },
    );
  });
});
