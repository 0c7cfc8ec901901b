// What an automation needs from the configuration is checked when it is saved active, turned on or
// imported, and when settings change under it: refused with 400 naming the field, nothing changed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleIds } from "../../lib/samples/sample-events";
import { signingSecretsFor } from "../../lib/webhooks-out/endpoints";
import { startHarness, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  // A live-mode server without SMTP_URL.
  h = await startHarness({ env: { SMTP_URL: "" } });
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

const teamEmail = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };
const automation = (steps: object[], status = "active") => ({
  name: "Needs configuration",
  trigger: "subscription_payment_failed",
  status,
  conditions: [],
  steps,
});

async function refusal(response: Response) {
  expect(response.status).toBe(400);
  return (await response.json()) as { error: { message: string; issues: Array<{ path: string; message: string }> } };
}

describe("an automation's steps need what the server has", () => {
  it("refuses an active email step without SMTP_URL, naming the step; saved paused it waits, and turning it on is refused", async () => {
    const refused = await refusal(await h.api("POST", "/api/automations", automation([teamEmail])));
    expect(refused.error.issues).toEqual([{ path: "steps.0", message: expect.stringMatching(/SMTP_URL is not set/) }]);
    expect(await h.database.db.automation.count()).toBe(0);

    const paused = await h.api("POST", "/api/automations", automation([teamEmail], "paused"));
    expect(paused.status).toBe(201);
    const { id } = (await paused.json()) as { id: string };
    const resumed = await refusal(await h.api("POST", `/api/automations/${id}/resume`));
    expect(resumed.error.issues[0]).toMatchObject({ path: "steps.0", message: expect.stringMatching(/SMTP_URL/) });
    const patched = await refusal(await h.api("PATCH", `/api/automations/${id}`, { status: "active" }));
    expect(patched.error.issues[0]?.path).toBe("steps.0");
    expect((await h.database.db.automation.findUniqueOrThrow({ where: { id } })).status).toBe("paused");

    const imported = await refusal(
      await h.api("POST", "/api/automations/import", { automations: [automation([teamEmail])] }),
    );
    expect(imported.error.issues[0]?.path).toBe("automations.0.steps.0");
    expect(await h.database.db.automation.count()).toBe(1);
  });

  it("refuses a will_be_due step with nowhere to send, and settings that would take its last endpoint away", async () => {
    const webhook = { type: "action", action: "send_invoice_will_be_due_webhook" };
    const due = { ...automation([webhook]), trigger: "invoice_due_date_upcoming" };
    const refused = await refusal(await h.api("POST", "/api/automations", due));
    expect(refused.error.issues).toEqual([
      {
        path: "steps.0.params.url",
        message: expect.stringMatching(
          /nowhere to send it: give the webhook a URL here, or add webhook endpoints in Settings/,
        ),
      },
    ]);

    expect((await h.api("PUT", "/api/settings", { webhookEndpoints: ["https://hooks.example.com/due"] })).status).toBe(
      200,
    );
    expect((await h.api("POST", "/api/automations", due)).status).toBe(201);
    const settings = await refusal(await h.api("PUT", "/api/settings", { webhookEndpoints: [] }));
    expect(settings.error.issues).toEqual([
      {
        path: "webhookEndpoints",
        message: expect.stringMatching(
          /“Needs configuration” \(active\) sends its webhook to the endpoints in Settings/,
        ),
      },
    ]);
    const kept = (await (await h.api("GET", "/api/settings")).json()) as { webhookEndpoints: string[] };
    expect(kept.webhookEndpoints).toEqual(["https://hooks.example.com/due"]);
  });
});

describe("each webhook endpoint has its own signing secret", () => {
  it("is generated when the endpoint is configured, revealed on request, rolled with the old one signing for a day", async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const receiver = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ body, signature: String(request.headers["stripe-signature"]) });
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/due`;
    try {
      expect((await h.api("PUT", "/api/settings", { webhookEndpoints: [url] })).status).toBe(200);
      const listed = (await (await h.api("GET", "/api/webhook-endpoints")).json()) as {
        endpoints: Array<{ id: string; url: string }>;
        signedWith: string;
      };
      expect(listed.endpoints).toEqual([expect.objectContaining({ url })]);
      expect(JSON.stringify(listed)).not.toMatch(/whsec_/);
      const endpointId = listed.endpoints[0]!.id;
      const revealed = (await (await h.api("GET", `/api/webhook-endpoints/${endpointId}/secret`)).json()) as {
        secret: string;
      };
      expect(revealed.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      const rolled = (await (await h.api("POST", `/api/webhook-endpoints/${endpointId}/roll`)).json()) as {
        secret: string;
      };
      expect(rolled.secret).not.toBe(revealed.secret);

      await h.createAutomation({
        name: "Remind",
        trigger: "invoice_due_date_upcoming",
        conditions: [],
        steps: [{ type: "action", action: "send_invoice_will_be_due_webhook" }],
      });
      const ids = sampleIds();
      const dueDate = h.clock.nowSeconds() + 12 * 3600;
      h.stripe.seed.objects({ ...ids, collectionMethod: "send_invoice", dueDate });
      await h.deliverAndProcess(h.event("invoice.finalized", { ...ids, collectionMethod: "send_invoice", dueDate }));
      h.clock.advance(12 * 3600 * 1000);
      await h.tick();

      expect(received).toHaveLength(1);
      const { body, signature } = received[0]!;
      const stripe = new Stripe("sk_test_receiver");
      // Both the new secret and, for a day after the roll, the old one verify it.
      for (const secret of [rolled.secret, revealed.secret]) {
        expect(stripe.webhooks.constructEvent(body, signature, secret, 10 * 365 * 86_400).type).toBe(
          "invoice.will_be_due",
        );
      }
      expect(() => stripe.webhooks.constructEvent(body, signature, "whsec_someone_else", 10 * 365 * 86_400)).toThrow();
      // A day after the roll only the new secret signs.
      h.clock.advanceDays(1);
      const later = await signingSecretsFor(h.database.db, url, { now: h.clock.now(), override: undefined });
      expect(later).toEqual([rolled.secret]);
    } finally {
      receiver.close();
    }
  });

  it("answers 404 for an endpoint that does not exist", async () => {
    expect((await h.api("GET", "/api/webhook-endpoints/nope/secret")).status).toBe(404);
    expect((await h.api("POST", "/api/webhook-endpoints/nope/roll")).status).toBe(404);
  });
});
