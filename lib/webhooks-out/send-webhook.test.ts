import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  SIGNATURE_HEADER,
  WebhookDeliveryError,
  classifyWebhookError,
  sendSignedWebhook,
  signWebhookPayload,
  verifyWebhookSignature,
  webhookEventIdFor,
  type OutgoingWebhookEvent,
} from "@/lib/webhooks-out/send-webhook";

const SECRET = "outgoing_test_secret";

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

function event(overrides: Partial<OutgoingWebhookEvent> = {}): OutgoingWebhookEvent {
  return {
    id: webhookEventIdFor("run-step:step_1"),
    type: "invoice.will_be_due",
    created: 1_790_000_000,
    data: { object: { id: "in_123", object: "invoice", due_date: 1_790_600_000, amount_due: 5000 } },
    ...overrides,
  };
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

describe("sendSignedWebhook", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("POSTs the event as JSON with a signature the receiver can verify", async () => {
    const delivery = await sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET });
    expect(delivery.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(request?.body ?? "")).toEqual({
      id: event().id,
      object: "event",
      type: "invoice.will_be_due",
      created: 1_790_000_000,
      data: event().data,
    });
    const header = request?.headers[SIGNATURE_HEADER.toLowerCase()];
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(request?.body ?? "", header as string, SECRET)).toMatchObject({ valid: true });
    expect(verifyWebhookSignature(request?.body ?? "", header as string, "another secret")).toEqual({
      valid: false,
      reason: "no signature matches the body",
    });
  });

  it("sends the same event id and Idempotency-Key when a step is retried", async () => {
    await sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET });
    await sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET });
    const keys = receiver.received.map((r) => r.headers["idempotency-key"]);
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(keys[0]).toBe(event().id);
    expect(keys[1]).toBe(keys[0]);
    expect(ids[1]).toBe(ids[0]);
    expect(webhookEventIdFor("run-step:step_2")).not.toBe(event().id);
  });

  it("treats a 5xx answer as transient", async () => {
    receiver.respond((res) => res.writeHead(503).end("down for maintenance"));
    const err = await failure(sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET }));
    expect(classifyWebhookError(err)).toEqual({
      kind: "transient",
      statusCode: 503,
      message: `webhook to ${receiver.url} answered HTTP 503: down for maintenance`,
    });
  });

  it("treats a 429 as transient and keeps its Retry-After", async () => {
    receiver.respond((res) => res.writeHead(429, { "Retry-After": "30" }).end());
    const err = await failure(sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET }));
    expect(classifyWebhookError(err)).toMatchObject({ kind: "transient", statusCode: 429, retryAfterSeconds: 30 });
  });

  it("treats another 4xx as permanent", async () => {
    receiver.respond((res) => res.writeHead(410).end("gone"));
    const err = await failure(sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET }));
    expect(classifyWebhookError(err)).toMatchObject({ kind: "permanent", statusCode: 410 });
  });

  it("does not follow redirects, and calls them permanent", async () => {
    receiver.respond((res) => res.writeHead(302, { Location: "http://127.0.0.1:1/elsewhere" }).end());
    const err = await failure(sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET }));
    expect(classifyWebhookError(err)).toMatchObject({ kind: "permanent", statusCode: 302 });
    expect(receiver.received).toHaveLength(1);
  });

  it("treats a timeout as transient", async () => {
    receiver.respond(() => {
      // never answers
    });
    const err = await failure(sendSignedWebhook({ url: receiver.url, event: event(), secret: SECRET, timeoutMs: 200 }));
    expect(classifyWebhookError(err)).toEqual({
      kind: "transient",
      message: `webhook to ${receiver.url} timed out after 200 ms`,
    });
  });

  it("treats a refused connection as transient", async () => {
    const url = receiver.url;
    await receiver.close();
    receiver = await startReceiver(); // afterEach closes this one
    const err = await failure(sendSignedWebhook({ url, event: event(), secret: SECRET }));
    expect(classifyWebhookError(err).kind).toBe("transient");
    expect(err.message).toMatch(/failed to connect/);
  });

  it("refuses to send unsigned when OUTGOING_WEBHOOK_SECRET is missing", async () => {
    const err = await failure(sendSignedWebhook({ url: receiver.url, event: event(), secret: undefined }));
    expect(classifyWebhookError(err)).toEqual({
      kind: "permanent",
      message: "OUTGOING_WEBHOOK_SECRET is not set: cannot sign the invoice.will_be_due webhook",
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("keeps credentials and query strings of the endpoint out of error messages", async () => {
    receiver.respond((res) => res.writeHead(500).end());
    const url = receiver.url.replace("http://", "http://user:pw@") + "?token=s3cr3t";
    const err = await failure(sendSignedWebhook({ url, event: event(), secret: SECRET }));
    expect(err.message).not.toContain("s3cr3t");
    expect(err.message).not.toContain("pw@");
    // The credentials travel as HTTP basic auth.
    expect(receiver.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from("user:pw").toString("base64")}`);
  });
});

describe("verifyWebhookSignature", () => {
  const body = JSON.stringify({ id: "evt_1", type: "invoice.will_be_due" });
  const t = 1_800_000_000;

  it("accepts a fresh, matching signature, also among several (secret rotation)", () => {
    const header = signWebhookPayload(body, SECRET, t);
    expect(verifyWebhookSignature(body, header, SECRET, 300, t + 10)).toEqual({ valid: true, timestamp: t });
    const rotated = `${signWebhookPayload(body, "old secret", t)},${header.split(",")[1]}`;
    expect(verifyWebhookSignature(Buffer.from(body), rotated, SECRET, 300, t)).toMatchObject({ valid: true });
  });

  it("rejects a stale timestamp, a tampered body, and malformed headers", () => {
    const header = signWebhookPayload(body, SECRET, t);
    expect(verifyWebhookSignature(body, header, SECRET, 300, t + 301)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/tolerance/),
    });
    expect(verifyWebhookSignature(body + " ", header, SECRET, 300, t)).toMatchObject({ valid: false });
    expect(verifyWebhookSignature(body, undefined, SECRET)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/missing/),
    });
    expect(verifyWebhookSignature(body, "v1=abc", SECRET)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/timestamp/),
    });
    expect(verifyWebhookSignature(body, `t=${t}`, SECRET)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/v1/),
    });
    expect(verifyWebhookSignature(body, `t=${t},v1=zz`, SECRET, 300, t)).toMatchObject({ valid: false });
  });
});
