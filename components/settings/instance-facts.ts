// What the settings page shows about this instance's environment. Secrets are reduced to "set" or
// "not set" here, before anything reaches a component: no value, masked or not, leaves this file.
import { keepsMailInOutbox, stripeMode, type Config, type StripeMode } from "@/lib/config";
import type { DatabaseProvider } from "@/lib/db/database-url";
import { HANDLED_EVENT_TYPES } from "@/lib/events/stripe-event";

interface SecretFact {
  variable: string;
  set: boolean;
  /** What stops working while it is unset. */
  whenUnset: string;
  /** What it does, where that is worth saying (a bootstrap credential). */
  whenSet?: string;
}

export interface InstanceFacts {
  stripeMode: StripeMode;
  /** STRIPE_API_BASE when it overrides api.stripe.com (an origin, no credentials). */
  stripeApiBase: string | null;
  secrets: SecretFact[];
  schedulerCron: string;
  /** "every 5 seconds" for the simple expressions, else null. */
  schedulerEvery: string | null;
  workerInProcess: boolean;
  database: DatabaseProvider;
  /** The address to give Stripe: this host's webhook route. */
  webhookUrl: string;
  eventTypes: readonly string[];
  /** OUTBOUND_ALLOW_LIST: the private hosts steps may still send to (not secret: hosts and ranges). */
  outboundAllowList: readonly string[];
}

const plural = (count: number, unit: string) => (count === 1 ? `every ${unit}` : `every ${count} ${unit}s`);

/** Reads the common node-cron shapes ("*\/5 * * * * *", "* * * * *") aloud; anything else stays as written. */
function describeCron(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  const step = (field: string | undefined) => (field === "*" ? 1 : /^\*\/(\d+)$/.exec(field ?? "")?.[1]);
  const rest = (from: number) => fields.slice(from).every((field) => field === "*");
  if (fields.length === 6 && rest(1)) {
    const seconds = step(fields[0]);
    if (seconds !== undefined) return plural(Number(seconds), "second");
  }
  if (fields.length === 5 && rest(1)) {
    const minutes = step(fields[0]);
    if (minutes !== undefined) return plural(Number(minutes), "minute");
  }
  return null;
}

export function describeInstance(input: { config: Config; database: DatabaseProvider; origin: string }): InstanceFacts {
  const { config } = input;
  return {
    stripeMode: stripeMode(config),
    stripeApiBase: config.stripeApiBase?.url ?? null,
    secrets: [
      {
        variable: "STRIPE_WEBHOOK_SECRET",
        set: Boolean(config.stripeWebhookSecret),
        whenUnset: "Stripe's deliveries are refused: their signature cannot be checked.",
      },
      {
        variable: "ADMIN_API_TOKEN",
        set: Boolean(config.adminApiToken),
        whenUnset: "No bootstrap token: the API takes the team's own tokens (Team page) only.",
        whenSet: "The bootstrap token: it acts as the bootstrap admin. Once the team has its own tokens, unset it.",
      },
      {
        variable: "ADMIN_PASSWORD",
        set: Boolean(config.adminPassword),
        whenUnset: "No bootstrap admin: only the team's own logins (and single sign-on) open the admin UI.",
        whenSet: "The bootstrap admin's password (log in with the email left empty).",
      },
      {
        variable: "OIDC_CLIENT_SECRET",
        set: Boolean(config.sso?.clientSecret),
        whenUnset: "Single sign-on is off (OIDC_ISSUER unset).",
        whenSet: `Single sign-on through ${config.sso?.issuer ?? "the identity provider"}.`,
      },
      {
        variable: "SMTP_URL",
        set: Boolean(config.smtpUrl),
        whenUnset:
          "No mail server: automations with email steps cannot be turned on (in dry-run they record the email instead).",
        ...(keepsMailInOutbox(config.smtpUrl)
          ? { whenSet: "outbox: no email is sent; each one is kept on the Outbox page, for development." }
          : {}),
      },
      {
        variable: "OUTGOING_WEBHOOK_SECRET",
        set: Boolean(config.outgoingWebhookSecret),
        whenUnset:
          "Each webhook endpoint signs with its own secret (below). Set, it signs every endpoint's deliveries instead.",
      },
    ],
    schedulerCron: config.schedulerCron,
    schedulerEvery: describeCron(config.schedulerCron),
    workerInProcess: config.runWorker,
    database: input.database,
    webhookUrl: `${input.origin}/api/webhooks/stripe`,
    eventTypes: HANDLED_EVENT_TYPES,
    outboundAllowList: config.outboundAllowList.entries,
  };
}
