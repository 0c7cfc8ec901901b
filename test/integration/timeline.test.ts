// The test clock: one invoice's whole path through one automation over virtual time, with an
// assumed outcome of the payment retries — and nothing done: no Stripe write, no email, no run.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { buildSampleEvent, sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

interface Timeline {
  invoiceFrom: string;
  startedAt: string;
  steps: Array<{
    at: string;
    action: string;
    label: string;
    effect: string;
    status: string;
    result: Record<string, unknown>;
  }>;
  endedAt: string;
  endedBecause: string;
  status: string;
}

const DAY = 86_400_000;

const dunning = {
  name: "Dunning",
  trigger: "subscription_payment_failed",
  conditions: [],
  steps: [
    {
      type: "action",
      action: "set_retry_policy",
      params: {
        retries: [
          { amount: 1, unit: "days" },
          { amount: 3, unit: "days" },
          { amount: 7, unit: "days" },
        ],
      },
    },
    { type: "delay", amount: 30, unit: "days" },
    { type: "action", action: "mark_invoice_uncollectible" },
    {
      type: "action",
      action: "send_customer_email",
      params: {
        subject: "Invoice {{invoice.number}} was written off",
        body: "Hi {{customer.name}}, we wrote off **{{invoice.amount_due}}**.",
      },
    },
    { type: "delay", amount: 30, unit: "days" },
    { type: "action", action: "cancel_subscription" },
  ],
};

function failedInvoice() {
  const ids = sampleIds();
  return {
    ids,
    invoice: buildSampleEvent("invoice.payment_failed", { ...ids, attemptCount: 1, amount: 4_200 }).data.object,
  };
}

async function timeline(body: object): Promise<Timeline> {
  const response = await h.api("POST", "/api/simulations/timeline", body);
  const answer = (await response.json()) as Timeline;
  expect(response.status, JSON.stringify(answer)).toBe(200);
  return answer;
}

async function sideEffects() {
  return {
    runs: await h.database.db.run.count(),
    stripeWrites: h.stripe.requests.filter((request) => request.method !== "GET").length,
    mail: h.smtp.messages.length,
  };
}

describe("POST /api/simulations/timeline", () => {
  it("follows a customer who never pays through every retry, the write-off, the email and the cancel, over 60 days", async () => {
    const { invoice } = failedInvoice();
    const before = await sideEffects();
    const path = await timeline({ automation: dunning, invoice, outcome: { paysAtAttempt: null } });
    const start = Date.parse(path.startedAt);
    expect(path.steps.map((step) => [step.action, (Date.parse(step.at) - start) / DAY])).toEqual([
      ["set_retry_policy", 0],
      ["retry_payment", 1],
      ["retry_payment", 3],
      ["retry_payment", 7],
      ["mark_invoice_uncollectible", 30],
      ["send_customer_email", 30],
      ["cancel_subscription", 60],
    ]);
    expect(path.steps[0]!.effect).toContain(`would POST /v1/invoices/${invoice.id}`);
    expect(path.steps[1]!.effect).toMatch(/declined/);
    expect(path.steps[4]!.effect).toBe(`would POST /v1/invoices/${invoice.id}/mark_uncollectible`);
    const email = path.steps[5]!.result.email as { subject: string; html: string };
    expect(email.subject).toBe(`Invoice ${String(invoice.number)} was written off`);
    expect(email.html).toContain("<strong>$42.00</strong>");
    expect(path.steps[6]!.effect).toMatch(/^would DELETE \/v1\/subscriptions\//);
    expect(path).toMatchObject({
      status: "succeeded",
      endedBecause: "the subscription was canceled; the run stops here",
    });
    expect((Date.parse(path.endedAt) - start) / DAY).toBe(60);
    expect(await sideEffects()).toEqual(before);
  });

  it("ends the path where the assumed payment succeeds, as the invoice.paid webhook would", async () => {
    const { invoice } = failedInvoice();
    const path = await timeline({ automation: dunning, invoice, outcome: { paysAtAttempt: 2 } });
    expect(path.steps.map((step) => step.action)).toEqual(["set_retry_policy", "retry_payment", "retry_payment"]);
    expect(path.steps[2]!.effect).toBe(`would POST /v1/invoices/${invoice.id}/pay`);
    expect(path).toMatchObject({ status: "terminated", endedBecause: "invoice was paid (the assumed outcome)" });
    expect((Date.parse(path.endedAt) - Date.parse(path.startedAt)) / DAY).toBe(3);
  });

  it("takes a saved automation and an invoice id, read from Stripe with a GET", async () => {
    const { id } = await h.createAutomation({ ...dunning, status: "paused" });
    const ids = sampleIds();
    h.stripe.seed.objects({ ...ids, eventType: "invoice.payment_failed", attemptCount: 1 });
    const before = await sideEffects();
    const path = await timeline({ automation: { id }, invoice: ids.invoiceId });
    expect(path.invoiceFrom).toBe("stripe");
    expect(path.steps).toHaveLength(7);
    expect(await sideEffects()).toEqual(before);
  });

  it("builds the Slack message and the signed event each step would send, and sends neither", async () => {
    let hits = 0;
    const receiver = http.createServer((_request, response) => {
      hits += 1;
      response.end("ok");
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const { invoice } = failedInvoice();
      const path = await timeline({
        automation: {
          name: "Tell everyone",
          trigger: "subscription_payment_failed",
          conditions: [],
          steps: [
            { type: "action", action: "send_slack_message", params: { webhookUrl: `${url}/slack`, text: "Failed" } },
            { type: "action", action: "send_http_request", params: { url } },
          ],
        },
        invoice,
      });
      expect(path.steps.map((step) => step.effect)).toEqual([
        `would post to Slack ${new URL(url).origin}/…lack`,
        `would POST invoice.payment_failed to ${url}`,
      ]);
      expect(JSON.stringify(path.steps[0]!.result.slack)).toContain("Failed");
      expect(hits).toBe(0);
    } finally {
      receiver.close();
    }
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const refusal = async (body: object) => {
      const response = await h.api("POST", "/api/simulations/timeline", body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { issues: Array<{ path: string }> } }).error.issues.map(
        (issue) => issue.path,
      );
    };
    const { invoice } = failedInvoice();
    expect(await refusal({ automation: dunning, invoice: "in_missing" })).toEqual(["invoice"]);
    expect(await refusal({ automation: { ...dunning, name: "" }, invoice })).toContain("automation.name");
    expect(await refusal({ automation: { id: "nope" }, invoice })).toEqual(["automation.id"]);
    expect(
      await refusal({
        automation: {
          name: "Bye",
          trigger: "subscription_canceled",
          conditions: [],
          steps: [{ type: "action", action: "send_cancellation_email" }],
        },
        invoice,
      }),
    ).toEqual(["automation.trigger"]);
    expect(await refusal({ automation: dunning, invoice, outcome: { paysAtAttempt: 0 } })).toEqual([
      "outcome.paysAtAttempt",
    ]);
    expect(await refusal({ automation: dunning, invoice: { id: "x", object: "customer" } })).toEqual(["invoice"]);
  });
});
