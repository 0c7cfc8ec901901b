import type { SqlRunner } from "@/lib/db/direct-sql";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { rawJson } from "@/lib/db/json";
import type { StripeObject } from "@/lib/rules/facts";
import { stripeEventSchema } from "./stripe-event";

/** Enough to find the newest among the events one object meets in a run's life. */
const RECENT_EVENTS = 50;

/**
 * An object as the newest stored event that carried it shows it — newest by the event's `created`,
 * since Stripe does not deliver in order. This is what dry-run, which reads nothing from Stripe,
 * knows of an invoice before acting on it. Null when no stored event carries it.
 */
export async function latestWebhookObject(
  sql: SqlRunner,
  objectId: string,
): Promise<{ object: StripeObject; apiVersion: string | null } | null> {
  // A direct statement (lib/db/direct-sql.ts): a step makes it before each write-off or retry.
  const rows = await sql.query<{ payload: unknown }>(Prisma.sql`
    SELECT "payload" FROM "Event" WHERE "objectId" = ${objectId} ORDER BY "receivedAt" DESC LIMIT ${RECENT_EVENTS}`);
  let newest: { created: number; object: StripeObject; apiVersion: string | null } | null = null;
  for (const row of rows) {
    const parsed = stripeEventSchema.safeParse(rawJson(row.payload));
    if (!parsed.success || parsed.data.data.object.id !== objectId) continue;
    const { created, data, api_version } = parsed.data;
    // Rows come newest received first: on a tie of `created`, the one received last stands.
    if (!newest || created > newest.created) {
      newest = { created, object: data.object as StripeObject, apiVersion: api_version ?? null };
    }
  }
  return newest && { object: newest.object, apiVersion: newest.apiVersion };
}
