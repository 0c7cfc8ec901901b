"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/record-audit";
import { runAdminAction } from "@/lib/auth/admin-action";
import type { SendTestEventState } from "@/components/events/send-test-event-form";
import { AppError, parseOrThrow } from "@/lib/errors";
import { sendSampleEvent } from "@/lib/samples/send-sample-event";
import { testEventFor, testEventSchema } from "./test-event";

/** The server's own webhook route: loopback on its own port, never a host the request names. */
function ownBaseUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function webhookRefusal(status: number, body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === "string") return `The webhook route refused the event (HTTP ${status}): ${message}`;
  } catch {
    // not JSON: the status says enough
  }
  return `The webhook route refused the event (HTTP ${status}).`;
}

/**
 * Send test event — builds a sample Stripe event for the chosen trigger and POSTs it, signed with
 * STRIPE_WEBHOOK_SECRET, to this server's own webhook route, so the whole pipeline runs.
 */
export async function sendTestEventAction(_previous: SendTestEventState, form: FormData): Promise<SendTestEventState> {
  // A request made up by hand may send anything as the form: it is then an empty one (and still role-checked).
  const entries = form instanceof FormData ? [...form.entries()] : [];
  const values = Object.fromEntries(entries.filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const result = await runAdminAction("send test event", "operator", async (engine, actor) => {
    const input = parseOrThrow(testEventSchema, values, "The test event is not valid");
    const secret = engine.config.stripeWebhookSecret;
    if (!secret) {
      throw new AppError("unavailable", "STRIPE_WEBHOOK_SECRET is not set: the webhook route would refuse the event.");
    }
    const { type, options } = testEventFor(input, engine.now());
    const baseUrl = ownBaseUrl(engine.config.port);
    let sent: Awaited<ReturnType<typeof sendSampleEvent>>;
    try {
      sent = await sendSampleEvent({ baseUrl, secret, type, options });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError("unavailable", `Could not reach this server's webhook route at ${baseUrl}: ${reason}`);
    }
    if (sent.status >= 300) throw new AppError("unavailable", webhookRefusal(sent.status, sent.body));
    await recordAudit(engine.db, actor, {
      action: "event.test_sent",
      entity: "event",
      entityId: sent.eventId,
      after: { type, objectId: sent.objectId },
      summary: `Sent a test ${type} event for ${sent.objectId}`,
    });
    return { eventId: sent.eventId, objectId: sent.objectId, type };
  });
  if (!result.ok) return { status: "error", error: result.error, issues: result.issues, values };
  revalidatePath("/events");
  revalidatePath("/runs");
  return { status: "sent", ...result.data, values };
}
