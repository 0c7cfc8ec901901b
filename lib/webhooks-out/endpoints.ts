// The destinations of the engine's signed webhooks, each with its own signing secret, generated
// here as Stripe generates one per endpoint. A roll keeps the old secret signing beside the new one
// for a day, so a receiver can switch over without missing a delivery (Stripe's "Roll secret").
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { randomBytes } from "node:crypto";

import type { Db, Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { notFound } from "@/lib/errors";

/** How long a rolled secret keeps signing beside its successor. */
const PREVIOUS_SECRET_LIFETIME_MS = 24 * 60 * 60 * 1000;

function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** Gives each URL an endpoint with a secret of its own; URLs that have one keep it. */
export async function ensureWebhookEndpoints(db: Db | Tx, urls: readonly string[]): Promise<void> {
  const wanted = [...new Set(urls)];
  if (wanted.length === 0) return;
  const existing = await db.webhookEndpoint.findMany({ where: { url: { in: wanted } }, select: { url: true } });
  const known = new Set(existing.map((endpoint) => endpoint.url));
  for (const url of wanted.filter((candidate) => !known.has(candidate))) {
    try {
      await db.webhookEndpoint.create({ data: { url, secret: generateSigningSecret() } });
    } catch (error) {
      // Another save gave it one a moment earlier: that one stands.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

/**
 * The secrets that sign a delivery to `url`: its own (and, for a day after a roll, the one before),
 * or only OUTGOING_WEBHOOK_SECRET when that overrides them all. An endpoint the engine has not seen
 * yet gets its secret now, so a delivery is never left unsigned.
 */
export async function signingSecretsFor(
  db: Db,
  url: string,
  options: { now: Date; override: string | undefined },
): Promise<string[]> {
  if (options.override) return [options.override];
  await ensureWebhookEndpoints(db, [url]);
  const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { url } });
  const previousValid =
    endpoint.previousSecret &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt.getTime() > options.now.getTime();
  return previousValid && endpoint.previousSecret ? [endpoint.secret, endpoint.previousSecret] : [endpoint.secret];
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  createdAt: Date;
  rotatedAt: Date | null;
  /** Until then the secret before the last roll still signs too. */
  previousSecretExpiresAt: Date | null;
}

const VIEW = { id: true, url: true, createdAt: true, rotatedAt: true, previousSecretExpiresAt: true } as const;

/** The endpoints for these URLs, in their order; secrets are never part of a listing. */
export async function listWebhookEndpoints(db: Db, urls: readonly string[]): Promise<WebhookEndpointView[]> {
  await ensureWebhookEndpoints(db, urls);
  const rows = await db.webhookEndpoint.findMany({ where: { url: { in: [...urls] } }, select: VIEW });
  const byUrl = new Map(rows.map((row) => [row.url, row]));
  return [...new Set(urls)].flatMap((url) => {
    const row = byUrl.get(url);
    return row ? [row] : [];
  });
}

/** The secret, for a person who asked to see it (Settings' "Reveal"). */
export async function revealWebhookEndpointSecret(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ id: string; url: string; secret: string }> {
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id },
    select: { id: true, url: true, secret: true },
  });
  if (!endpoint) throw notFound("webhook endpoint", id);
  // Seeing a secret is not a change, but who saw one is what an auditor asks after a leak.
  await recordAudit(db, actor, {
    action: "webhook_endpoint.secret_revealed",
    entity: "webhook_endpoint",
    entityId: id,
    summary: `Revealed the signing secret of ${endpoint.url}`,
  });
  return endpoint;
}

/** A new secret; the old one keeps signing beside it for PREVIOUS_SECRET_LIFETIME_MS. */
export async function rollWebhookEndpointSecret(
  db: Db,
  actor: Actor,
  id: string,
  now: Date,
): Promise<{ id: string; url: string; secret: string; previousSecretExpiresAt: Date }> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint) throw notFound("webhook endpoint", id);
    const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_LIFETIME_MS);
    const secret = generateSigningSecret();
    await tx.webhookEndpoint.update({
      where: { id },
      data: { secret, previousSecret: endpoint.secret, previousSecretExpiresAt, rotatedAt: now },
    });
    await recordAudit(
      tx,
      actor,
      {
        action: "webhook_endpoint.secret_rolled",
        entity: "webhook_endpoint",
        entityId: id,
        after: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
        summary: `Rolled the signing secret of ${endpoint.url}`,
      },
      now,
    );
    return { id, url: endpoint.url, secret, previousSecretExpiresAt };
  });
}
