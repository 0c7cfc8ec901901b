// "Send test" in Settings: one real message to a destination, so a wrong Slack URL or a receiver
// that cannot verify the signature shows up now, not on the first overdue invoice.
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import type { Engine } from "@/lib/engine/engine";
import { OutboundError, postOutbound, type OutboundResponse } from "@/lib/outbound/post";
import { slackAlert } from "@/lib/slack/message";
import { signingSecretsFor } from "@/lib/webhooks-out/endpoints";
import {
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  signDelivery,
  webhookEventIdFor,
  type OutgoingStripeEvent,
} from "@/lib/webhooks-out/send-webhook";
import { getDestination } from "./destinations";
import { describeDestinationUrl } from "./kinds";

/** The event type of a test delivery: no Stripe event has it, so a receiver can ignore it safely. */
const TEST_EVENT_TYPE = "billing_automations.destination_test";

export interface DestinationTestResult {
  ok: boolean;
  /** The HTTP status the destination answered, when it answered. */
  status: number | null;
  /** One sentence for the person who pressed the button. */
  message: string;
}

function slackTest(name: string) {
  return {
    headers: { "Content-Type": "application/json; charset=utf-8", "User-Agent": "BillingAutomations/0.1 (+slack)" },
    body: JSON.stringify(
      slackAlert({
        title: "Test message from Billing Automations",
        text: `This channel is set up: automations that name the destination “${name}” post here.`,
        facts: [],
        links: [],
        fallback: `Billing Automations: test message for destination “${name}”`,
      }),
    ),
  };
}

async function httpTest(engine: Pick<Engine, "db" | "config" | "now">, name: string, url: string) {
  const now = engine.now();
  const event: OutgoingStripeEvent = {
    id: webhookEventIdFor(`destination-test:${name}:${now.toISOString()}`),
    object: "event",
    api_version: null,
    created: Math.floor(now.getTime() / 1000),
    data: { object: { object: "destination_test", destination: name } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: TEST_EVENT_TYPE,
  };
  const secrets = await signingSecretsFor(engine.db, url, { now, override: engine.config.outgoingWebhookSecret });
  return signDelivery({ url, event, secrets, timestamp: Math.floor(now.getTime() / 1000) });
}

export async function testDestination(
  engine: Pick<Engine, "db" | "config" | "now" | "log">,
  actor: Actor,
  id: string,
): Promise<DestinationTestResult> {
  const destination = await getDestination(engine.db, id);
  const shown = describeDestinationUrl(destination.kind, destination.url);
  // Recorded before it is sent: a test that reaches the destination and then crashes is still known.
  await recordAudit(engine.db, actor, {
    action: "destination.tested",
    entity: "destination",
    entityId: id,
    summary: `Sent a test ${destination.kind === "slack" ? "message" : "event"} to ${destination.name} (${shown})`,
  });
  const request =
    destination.kind === "slack"
      ? { url: destination.url, ...slackTest(destination.name) }
      : await httpTest(engine, destination.name, destination.url);
  let response: OutboundResponse;
  try {
    response = await postOutbound({
      ...request,
      timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS,
      allowList: engine.config.outboundAllowList,
    });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    engine.log.warn(
      { destinationId: id, destination: destination.name, url: shown, reason: error.reason },
      `test of destination “${destination.name}” failed: ${error.message}`,
    );
    return { ok: false, status: null, message: `Could not reach ${shown}: ${error.message}` };
  }
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) {
    engine.log.warn(
      { destinationId: id, destination: destination.name, url: shown, status: response.status },
      `test of destination “${destination.name}” answered HTTP ${response.status}`,
    );
  }
  const said = response.text.trim().slice(0, 200);
  return {
    ok,
    status: response.status,
    message: ok
      ? `${shown} answered HTTP ${response.status}: the test ${destination.kind === "slack" ? "message was posted" : "event was delivered"}.`
      : `${shown} answered HTTP ${response.status}${said ? `: ${said}` : ""}`,
  };
}
