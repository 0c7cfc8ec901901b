// Slack messages and signed HTTP requests, end to end: destinations saved through the API, steps
// that name them, a real event, the worker's tick, and what a Slack-compatible server and an HTTP
// receiver got — checked as Slack and a receiver using Stripe's library would check it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { startHarness, type Harness } from "../support/harness";
import { startSlackServer, type FakeSlack } from "../support/slack-server";

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A receiver of signed events that answers each request with the next scripted status (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ body, headers: request.headers });
      const status = script.shift() ?? 200;
      response.writeHead(status).end(status === 200 ? "received" : "try later");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/billing`,
    received,
    answerNext: (...statuses: number[]) => script.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let h: Harness;
let slack: FakeSlack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  [h, slack, receiver] = await Promise.all([startHarness(), startSlackServer(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([h.close(), slack.close(), receiver.close()]);
});
beforeEach(async () => {
  await h.reset();
  slack.posts.length = 0;
  receiver.received.length = 0;
});

async function json<T>(response: Response, status: number): Promise<T> {
  const body = (await response.json()) as T;
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body;
}

type Issues = { error: { message: string; issues?: Array<{ path: string; message: string }> } };

async function addDestination(name: string, kind: "slack" | "http", url: string) {
  return json<{ id: string; name: string; shownUrl: string }>(
    await h.api("POST", "/api/destinations", { name, kind, url }),
    201,
  );
}

describe("destinations", () => {
  it("are saved with their URL checked, listed without a Slack URL's secret, and tested for real", async () => {
    const slackUrl = slack.issueWebhookUrl();
    const created = await addDestination("billing-alerts", "slack", slackUrl);
    const secretPart = new URL(slackUrl).pathname.split("/").at(-1)!;
    expect(created.shownUrl).not.toContain(secretPart);
    const listed = await json<{ destinations: unknown[] }>(await h.api("GET", "/api/destinations"), 200);
    expect(JSON.stringify(listed)).not.toContain(secretPart);

    const bad = await json<Issues>(
      await h.api("POST", "/api/destinations", { name: "", kind: "teams", url: "ftp://x" }),
      400,
    );
    expect(bad.error.issues?.map((issue) => issue.path).sort()).toEqual(["kind", "name", "url"]);
    const taken = await json<Issues>(
      await h.api("POST", "/api/destinations", { name: "billing-alerts", kind: "slack", url: slackUrl }),
      409,
    );
    expect(taken.error.message).toMatch(/already exists/);
    expect(await h.database.db.destination.count()).toBe(1);

    const test = await json<{ ok: boolean; status: number; message: string }>(
      await h.api("POST", `/api/destinations/${created.id}/test`),
      200,
    );
    expect(test).toMatchObject({ ok: true, status: 200 });
    expect(slack.messages()).toHaveLength(1);
    expect(slack.messages()[0]!.text).toMatch(/test message/);

    // A Slack URL that was revoked: the test says what Slack answered, and nothing is stored.
    const revoked = await addDestination("old-channel", "slack", slack.unknownWebhookUrl());
    const failed = await json<{ ok: boolean; status: number; message: string }>(
      await h.api("POST", `/api/destinations/${revoked.id}/test`),
      200,
    );
    expect(failed).toMatchObject({ ok: false, status: 404, message: expect.stringMatching(/no_service/) });
    expect(JSON.stringify(h.logs)).not.toContain(secretPart);
  });

  it("cannot be deleted while an active automation sends to one, and a step must name one that exists", async () => {
    const refused = await json<Issues>(
      await h.api("POST", "/api/automations", {
        name: "Tell the channel",
        trigger: "invoice_overdue",
        conditions: [],
        steps: [{ type: "action", action: "send_slack_message", params: { destination: "nowhere" } }],
      }),
      400,
    );
    expect(refused.error.issues).toEqual([
      { path: "steps.0.params.destination", message: expect.stringMatching(/no destination named “nowhere”/) },
    ]);

    const { id } = await addDestination("billing-alerts", "slack", slack.issueWebhookUrl());
    const wrongKind = await json<Issues>(
      await h.api("POST", "/api/automations", {
        name: "Post it",
        trigger: "invoice_overdue",
        conditions: [],
        steps: [{ type: "action", action: "send_http_request", params: { destination: "billing-alerts" } }],
      }),
      400,
    );
    expect(wrongKind.error.issues?.[0]).toMatchObject({ path: "steps.0.params.destination" });

    await h.automateAtOnce("invoice_overdue", [
      { action: "send_slack_message", params: { destination: "billing-alerts" } },
    ]);
    const inUse = await json<Issues>(await h.api("DELETE", `/api/destinations/${id}`), 409);
    expect(inUse.error.message).toMatch(/used by “invoice_overdue at once”/);
    expect(await h.database.db.destination.count()).toBe(1);
  });
});

describe("send_slack_message", () => {
  it("posts Block Kit with the trigger, customer, amount in the default currency and links, as Slack takes it", async () => {
    await h.api("PUT", "/api/settings", { defaultCurrency: "usd", exchangeRates: { eur: 1.08 } });
    await addDestination("billing-alerts", "slack", slack.issueWebhookUrl());
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_slack_message", params: { destination: "billing-alerts", text: "Card declined — *check it*" } },
    ]);
    const { ids } = await h.paymentFails({ currency: "eur", amount: 10_000 });
    // The invoice is read right before acting: what Stripe says then is what the message says.
    h.stripe.store.update(ids.invoiceId, { customer_name: "Ada <!channel>" });
    await h.tick();

    const run = await h.runOf(ids.invoiceId);
    expect(run.steps[0]).toMatchObject({ status: "succeeded" });
    expect(run.steps[0]!.result).toMatchObject({ posted: "Slack destination “billing-alerts”", status: 200 });
    const [message] = slack.messages();
    expect(message).toBeDefined();
    const text = JSON.stringify(message);
    expect(message!.text).toMatch(/^Subscription payment failed — /);
    expect(text).toContain("Card declined — *check it*");
    expect(text).toContain("$108.00 (€100.00)");
    // Customer text is escaped: "<!channel>" pings nobody.
    expect(text).toContain("Ada &lt;!channel&gt;");
    expect(text).not.toContain("<!channel>");
    const buttons = message!.blocks!.find((block) => block.type === "actions") as {
      elements: Array<{ url: string; action_id: string }>;
    };
    expect(buttons.elements.map((button) => button.action_id)).toEqual(["hosted_invoice", "stripe_dashboard"]);
    expect(buttons.elements[1]!.url).toBe(`https://dashboard.stripe.com/test/invoices/${ids.invoiceId}`);
  });

  it("retries when Slack is rate limited, and fails for good when Slack says the webhook is gone", async () => {
    const url = slack.issueWebhookUrl();
    await addDestination("billing-alerts", "slack", url);
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_slack_message", params: { destination: "billing-alerts" } },
    ]);
    slack.failNext(429, "rate_limited", { "Retry-After": "1" });
    const { ids } = await h.paymentFails();
    await h.tick();
    let run = await h.runOf(ids.invoiceId);
    expect(run.steps[0]).toMatchObject({ status: "pending", error: expect.stringMatching(/HTTP 429/) });
    h.clock.advance(60_000);
    await h.tick();
    run = await h.runOf(ids.invoiceId);
    expect(run.steps[0]).toMatchObject({ status: "succeeded" });
    expect(slack.messages()).toHaveLength(1);

    const second = await h.paymentFails();
    slack.failNext(404, "no_service");
    await h.tick();
    const failed = await h.runOf(second.ids.invoiceId);
    expect(failed.steps[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/HTTP 404: no_service/) });
    expect(JSON.stringify(failed)).not.toContain(new URL(url).pathname);
  });
});

describe("send_http_request", () => {
  it("POSTs the invoice in a Stripe-shaped event signed with the destination's secret; a retry re-sends the same event", async () => {
    const { id } = await addDestination("ledger", "http", receiver.url);
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_http_request", params: { destination: "ledger" } },
    ]);
    receiver.answerNext(503);
    const { ids } = await h.paymentFails();
    await h.tick();
    expect((await h.runOf(ids.invoiceId)).steps[0]).toMatchObject({
      status: "pending",
      error: expect.stringMatching(/HTTP 503/),
    });
    h.clock.advance(10 * 60_000);
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.steps[0]).toMatchObject({ status: "succeeded" });
    expect(run.steps[0]!.result).toMatchObject({
      type: "invoice.payment_failed",
      to: "destination “ledger”",
      delivered: [{ url: receiver.url, status: 200 }],
    });

    expect(receiver.received).toHaveLength(2);
    const [first, retry] = receiver.received;
    expect(retry!.body).toBe(first!.body);
    const endpoints = await json<{ endpoints: Array<{ id: string; url: string; usedBy: string[] }> }>(
      await h.api("GET", "/api/webhook-endpoints"),
      200,
    );
    const endpoint = endpoints.endpoints.find((candidate) => candidate.url === receiver.url)!;
    expect(endpoint.usedBy).toEqual(["destination “ledger”"]);
    const { secret } = await json<{ secret: string }>(
      await h.api("GET", `/api/webhook-endpoints/${endpoint.id}/secret`),
      200,
    );
    const event = new Stripe("sk_test_receiver").webhooks.constructEvent(
      retry!.body,
      String(retry!.headers["stripe-signature"]),
      secret,
      10 * 365 * 86_400,
    );
    expect(event).toMatchObject({ type: "invoice.payment_failed", data: { object: { id: ids.invoiceId } } });
    expect(retry!.headers["idempotency-key"]).toBe(event.id);
    expect(retry!.headers["billing-automations-signature"]).toBe(retry!.headers["stripe-signature"]);

    // The test button sends a signed event the receiver can verify the same way, of a type no Stripe event has.
    await json(await h.api("POST", `/api/destinations/${id}/test`), 200);
    const tested = receiver.received.at(-1)!;
    expect(
      new Stripe("sk_test_receiver").webhooks.constructEvent(
        tested.body,
        String(tested.headers["stripe-signature"]),
        secret,
        10 * 365 * 86_400,
      ).type,
    ).toBe("billing_automations.destination_test");
  });

  it("sends a canceled subscription as its last webhook showed it", async () => {
    await h.automateAtOnce("subscription_canceled", [{ action: "send_http_request", params: { url: receiver.url } }]);
    const ids = sampleIds();
    h.stripe.seed.objects(ids);
    await h.deliverAndProcess(h.event("customer.subscription.deleted", ids));
    await h.tick();
    const run = await h.runOf(ids.subscriptionId!);
    expect(run.steps[0]).toMatchObject({ status: "succeeded" });
    const body = JSON.parse(receiver.received[0]!.body) as { type: string; data: { object: { id: string } } };
    expect(body).toMatchObject({ type: "customer.subscription.deleted", data: { object: { id: ids.subscriptionId } } });
  });
});
