// What a step's action reaches the world through: Stripe, mail and signed webhooks — or, for a
// dry-run, stand-ins that record and send nothing. Built here, on the server, so an action's
// definition (shared with the editor) holds no I/O of its own, and dry-run cannot leak by mistake.
import { messageIdFor, sendEmail } from "@/lib/email/send-email";
import type { Engine } from "@/lib/engine/engine";
import type { ActionContext, EmailService, WebhookService } from "@/lib/steps/definition";
import { createDryRunGateway } from "@/lib/stripe/gateway";
import { signingSecretsFor } from "@/lib/webhooks-out/endpoints";
import { describeUrl, postDelivery, signDelivery, webhookEventIdFor } from "@/lib/webhooks-out/send-webhook";

function emailService(engine: Engine, stepId: string, dryRun: boolean): EmailService {
  if (dryRun) return { send: () => Promise.resolve({ sent: false }) };
  return {
    async send({ to, email, purpose }) {
      const messageId = await sendEmail(
        { ...email, to, messageId: messageIdFor(`run-step:${stepId}`, engine.config.emailFrom), purpose },
        { config: engine.config },
      );
      return { sent: true, messageId };
    },
  };
}

function webhookService(engine: Engine, dryRun: boolean): WebhookService {
  return {
    eventId: webhookEventIdFor,
    async deliver(urls, event) {
      const timestamp = Math.floor(engine.now().getTime() / 1000);
      const deliveries = [];
      for (const url of urls) {
        const secrets = await signingSecretsFor(engine.db, url, {
          now: engine.now(),
          override: engine.config.outgoingWebhookSecret,
        });
        deliveries.push(signDelivery({ url, event, secrets, timestamp }));
      }
      if (dryRun) {
        return {
          sent: false,
          recorded: deliveries.map(({ url, headers, body }) => ({ url: describeUrl(url), headers, body })),
        };
      }
      // Endpoints that already answered 2xx on an earlier attempt get the same event id again; receivers drop it.
      const delivered = [];
      for (const delivery of deliveries) {
        delivered.push({ url: describeUrl(delivery.url), status: await postDelivery(delivery) });
      }
      return { sent: true, delivered };
    },
  };
}

export function stepServices(
  engine: Engine,
  input: { stepId: string; dryRun: boolean },
): Pick<ActionContext, "gateway" | "email" | "webhooks"> {
  const { dryRun, stepId } = input;
  return {
    // A dry-run run stays one even if a Stripe key has been set since it started.
    gateway: dryRun && engine.gateway.mode !== "dry-run" ? createDryRunGateway() : engine.gateway,
    email: emailService(engine, stepId, dryRun),
    webhooks: webhookService(engine, dryRun),
  };
}
