import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_ALLOW_LIST, parseAllowList } from "@/lib/outbound/allow-list";

import {
  SIGNATURE_HEADER,
  STRIPE_SIGNATURE_HEADER,
  WebhookDeliveryError,
  postDelivery,
  signDelivery,
  signWebhookPayload,
  webhookEventIdFor,
  type OutgoingStripeEvent,
} from "@/lib/webhooks-out/send-webhook";

const SECRET = "whsec_outgoing_test_secret";
const stripe = new Stripe("sk_test_unused");

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  method: string | undefined;
}

/** A receiver on 127.0.0.1 that records each request and answers with whatever the test set. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  respond: (handler: (res: ServerResponse) => void) => void;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  let handler: (res: ServerResponse) => void = (res) => res.writeHead(200).end("ok");
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), method: req.method });
      handler(res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/billing`,
    received,
    respond: (h) => {
      handler = h;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

function event(overrides: Partial<OutgoingStripeEvent> = {}): OutgoingStripeEvent {
  return {
    id: webhookEventIdFor("run-step:step_1"),
    object: "event",
    api_version: "2026-10-28.endive",
    created: 1_790_000_000,
    data: { object: { id: "in_123", object: "invoice", due_date: 1_790_600_000, amount_due: 5000 } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "invoice.will_be_due",
    ...overrides,
  };
}

/** The receivers here listen on loopback, which the engine refuses unless allowed. */
const LOOPBACK = parseAllowList(["127.0.0.1"]);

/** Signs and sends, as the will_be_due step does. */
function send(url: string, options: { secrets?: string[]; timeoutMs?: number; timestamp?: number } = {}) {
  const delivery = signDelivery({
    url,
    event: event(),
    secrets: options.secrets ?? [SECRET],
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return postDelivery(delivery, { allowList: LOOPBACK, timeoutMs: options.timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<WebhookDeliveryError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WebhookDeliveryError) return err;
    throw err;
  }
  throw new Error("expected the delivery to fail");
}

describe("a signed delivery", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("is a Stripe Event a receiver verifies and parses with stripe.webhooks.constructEvent, unchanged", async () => {
    expect(await send(receiver.url)).toBe(200);
    const [request] = receiver.received;
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    const header = request?.headers[STRIPE_SIGNATURE_HEADER.toLowerCase()] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(request?.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(header);

    const parsed = stripe.webhooks.constructEvent(request?.body ?? "", header, SECRET);
    expect(parsed).toEqual(event());
    expect(() => stripe.webhooks.constructEvent(request?.body ?? "", header, "whsec_another")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    // Stripe's field order, pretty-printed as Stripe sends its own.
    expect(Object.keys(JSON.parse(request?.body ?? "{}") as object)).toEqual([
      "id",
      "object",
      "api_version",
      "created",
      "data",
      "livemode",
      "pending_webhooks",
      "request",
      "type",
    ]);
  });

  it("is signed by the old secret too while a rolled one lasts, so either verifies it", async () => {
    await send(receiver.url, { secrets: [SECRET, "whsec_before_the_roll"] });
    const [request] = receiver.received;
    const header = request?.headers[STRIPE_SIGNATURE_HEADER.toLowerCase()] as string;
    expect(header.split(",").filter((part) => part.startsWith("v1="))).toHaveLength(2);
    for (const secret of [SECRET, "whsec_before_the_roll"]) {
      expect(stripe.webhooks.constructEvent(request?.body ?? "", header, secret).id).toBe(event().id);
    }
  });

  it("carries the same event id and Idempotency-Key when a step is retried", async () => {
    await send(receiver.url);
    await send(receiver.url);
    const keys = receiver.received.map((r) => r.headers["idempotency-key"]);
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(keys[0]).toBe(event().id);
    expect(keys[1]).toBe(keys[0]);
    expect(ids[1]).toBe(ids[0]);
    expect(webhookEventIdFor("run-step:step_2")).not.toBe(event().id);
  });

  it("treats a 5xx answer as transient", async () => {
    receiver.respond((res) => res.writeHead(503).end("down for maintenance"));
    const err = await failure(send(receiver.url));
    expect(err).toMatchObject({
      kind: "transient",
      statusCode: 503,
      message: `webhook to ${receiver.url} answered HTTP 503: down for maintenance`,
    });
  });

  it("treats a 429 as transient and keeps its Retry-After", async () => {
    receiver.respond((res) => res.writeHead(429, { "Retry-After": "30" }).end());
    expect(await failure(send(receiver.url))).toMatchObject({
      kind: "transient",
      statusCode: 429,
      retryAfterSeconds: 30,
    });
  });

  it("treats another 4xx as permanent", async () => {
    receiver.respond((res) => res.writeHead(410).end("gone"));
    expect(await failure(send(receiver.url))).toMatchObject({ kind: "permanent", statusCode: 410 });
  });

  it("does not follow redirects, and calls them permanent", async () => {
    receiver.respond((res) => res.writeHead(302, { Location: "http://127.0.0.1:1/elsewhere" }).end());
    expect(await failure(send(receiver.url))).toMatchObject({ kind: "permanent", statusCode: 302 });
    expect(receiver.received).toHaveLength(1);
  });

  it("refuses a loopback receiver the allow list does not name, before connecting: permanent", async () => {
    const delivery = signDelivery({ url: receiver.url, event: event(), secrets: [SECRET], timestamp: 1 });
    const err = await failure(postDelivery(delivery, { allowList: EMPTY_ALLOW_LIST }));
    expect(err.kind).toBe("permanent");
    expect(err.message).toMatch(/127\.0\.0\.1 .*private or loopback.*OUTBOUND_ALLOW_LIST/);
    expect(receiver.received).toHaveLength(0);
  });

  it("treats a timeout as transient", async () => {
    receiver.respond(() => {
      // never answers
    });
    const err = await failure(send(receiver.url, { timeoutMs: 200 }));
    expect(err).toMatchObject({ kind: "transient", message: `webhook to ${receiver.url} timed out after 200 ms` });
  });

  it("treats a refused connection as transient", async () => {
    const url = receiver.url;
    await receiver.close();
    receiver = await startReceiver(); // afterEach closes this one
    const err = await failure(send(url));
    expect(err.kind).toBe("transient");
    expect(err.message).toMatch(/failed to connect/);
  });

  it("is never sent unsigned", () => {
    expect(() => signDelivery({ url: receiver.url, event: event(), secrets: [], timestamp: 1 })).toThrow(
      /no signing secret/,
    );
  });

  it("keeps credentials and query strings of the endpoint out of error messages", async () => {
    receiver.respond((res) => res.writeHead(500).end());
    const url = receiver.url.replace("http://", "http://user:pw@") + "?token=s3cr3t";
    const err = await failure(send(url));
    expect(err.message).not.toContain("s3cr3t");
    expect(err.message).not.toContain("pw@");
    // The credentials travel as HTTP basic auth.
    expect(receiver.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from("user:pw").toString("base64")}`);
  });
});

describe("signWebhookPayload", () => {
  it("signs as Stripe does: HMAC-SHA256 of t.body, one v1 per secret", () => {
    const body = JSON.stringify({ id: "evt_1" });
    const header = signWebhookPayload(body, [SECRET], 1_800_000_000);
    expect(header).toBe(
      stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: 1_800_000_000 }),
    );
  });
});
