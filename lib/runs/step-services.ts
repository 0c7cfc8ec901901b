// What a step's action reaches the world through: Stripe, mail, signed webhooks, plain HTTP and the
// named destinations — or, for a dry-run, stand-ins that record and send nothing. Built here, on the server, so an action's
// definition (shared with the editor) holds no I/O of its own, and dry-run cannot leak by mistake.
import { keepsMailInOutbox } from "@/lib/config";
import { findDestination } from "@/lib/destinations/destinations";
import { messageIdFor, sendEmail } from "@/lib/email/send-email";
import type { Engine } from "@/lib/engine/engine";
import { latestWebhookObject } from "@/lib/events/latest-webhook-object";
import { OutboundError, postOutbound } from "@/lib/outbound/post";
import type { ActionContext, EmailService, HttpService, WebhookService } from "@/lib/steps/definition";
import { createDryRunGateway } from "@/lib/stripe/gateway";
import { signingSecretsFor } from "@/lib/webhooks-out/endpoints";
import {
  acceptedStatus,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  describeUrl,
  postDelivery,
  signDelivery,
  WebhookDeliveryError,
  webhookEventIdFor,
} from "@/lib/webhooks-out/send-webhook";

function emailService(engine: Engine, stepId: string, dryRun: boolean): EmailService {
  if (dryRun) return { send: () => Promise.resolve({ sent: false }) };
  return {
    async send({ to, email, purpose }) {
      const messageId = await sendEmail(
        { ...email, to, messageId: messageIdFor(`run-step:${stepId}`, engine.config.emailFrom), purpose },
        { config: engine.config, db: engine.db },
      );
      return { sent: true, messageId, ...(keepsMailInOutbox(engine.config.smtpUrl) ? { keptInOutbox: true } : {}) };
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
        const status = await postDelivery(delivery, { allowList: engine.config.outboundAllowList });
        delivered.push({ url: describeUrl(delivery.url), status });
      }
      return { sent: true, delivered };
    },
  };
}

/** A plain POST behind the private-address guard (Slack); dry-run sends nothing. */
function httpService(engine: Engine, dryRun: boolean): HttpService {
  if (dryRun) return { post: () => Promise.resolve({ sent: false }) };
  return {
    async post({ url, headers, body, shown }) {
      const what = `POST to ${shown}`;
      try {
        const response = await postOutbound({
          url,
          headers,
          body,
          timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS,
          allowList: engine.config.outboundAllowList,
        });
        return { sent: true, status: acceptedStatus(response, what) };
      } catch (error) {
        if (!(error instanceof OutboundError)) throw error;
        throw new WebhookDeliveryError(
          `${what} ${error.reason === "refused" ? "refused" : "failed"}: ${error.message}`,
          error.reason === "refused" ? "permanent" : "transient",
        );
      }
    },
  };
}

export function stepServices(
  engine: Engine,
  input: { stepId: string; objectId: string; dryRun: boolean },
): Pick<ActionContext, "gateway" | "email" | "webhooks" | "http" | "destinations" | "lastSeen"> {
  const { dryRun, stepId, objectId } = input;
  return {
    http: httpService(engine, dryRun),
    destinations: { find: (name) => findDestination(engine.db, name) },
    lastSeen: () => latestWebhookObject(engine.sql, objectId),
    // A dry-run run stays one even if a Stripe key has been set since it started.
    gateway: dryRun && engine.gateway.mode !== "dry-run" ? createDryRunGateway() : engine.gateway,
    email: emailService(engine, stepId, dryRun),
    webhooks: webhookService(engine, dryRun),
  };
}
