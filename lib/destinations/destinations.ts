// Named destinations: where Slack messages and HTTP requests go when a step names one instead of a
// URL. The URL lives here once, so a rotated Slack webhook is replaced in one place, and a Slack URL
// (the credential itself) is never listed, logged or put in an automation's export.
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { z } from "zod";
import { listAutomations } from "@/lib/automations/list-automations";
import type { Step } from "@/lib/automations/schema";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Engine } from "@/lib/engine/engine";
import { conflict, invalid, isUnfindableId, notFound, parseOrThrow } from "@/lib/errors";
import { privateUrlProblem, type AllowList } from "@/lib/outbound/allow-list";
import { ensureWebhookEndpoints } from "@/lib/webhooks-out/endpoints";
import { ACTIONS, safeParseParams } from "@/lib/steps";
import type { ActionDefinition } from "@/lib/steps/definition";
import { httpUrl, oneOf, strictFields } from "@/lib/zod/strict-fields";
import { DESTINATION_KINDS, describeDestinationUrl, type DestinationChoice, type DestinationKind } from "./kinds";

// Empty is left to min(1), so an empty name gets one message, not two.
const NAME = /^(?:[A-Za-z0-9][A-Za-z0-9 ._#-]*)?$/;

const destinationName = z
  .string({ error: "name must be text" })
  .trim()
  .min(1, { error: "name is required" })
  .max(64, { error: "name must be at most 64 characters" })
  .regex(NAME, { error: "name may hold letters, digits, spaces and . _ # - (and must start with a letter or digit)" });

const destinationInputSchema = strictFields(
  {
    name: destinationName,
    kind: z.enum(DESTINATION_KINDS, { error: oneOf("kind", DESTINATION_KINDS) }),
    url: httpUrl("url"),
  },
  "a destination",
);

const destinationPatchSchema = strictFields({ url: httpUrl("url") }, "a destination's changes");

export interface Destination {
  name: string;
  kind: DestinationKind;
  url: string;
}

export interface DestinationView extends DestinationChoice {
  id: string;
  /** The URL as it may be shown: a Slack URL's secret path is never part of it. */
  shownUrl: string;
  createdAt: Date;
  updatedAt: Date;
  /** The automations whose steps name it. */
  usedBy: string[];
}

const kindOf = (value: string): DestinationKind => (value === "slack" ? "slack" : "http");

/** Refuses a URL the engine would not send to (a private address not allowed, a Slack URL over http). */
function checkUrl(kind: DestinationKind, url: string, allowList: AllowList): void {
  const problem = privateUrlProblem(url, allowList);
  if (problem) throw invalid(`url: ${problem}`, [{ path: "url", message: problem }]);
  const parsed = new URL(url);
  // Slack's webhook URL is the credential: over plain http it would travel readable. A private
  // host the allow list permits (a relay inside the network, a test server) may use http.
  if (kind === "slack" && parsed.protocol !== "https:" && !allowList.allows(parsed.hostname)) {
    const message = "a Slack webhook URL must use https (https://hooks.slack.com/services/…)";
    throw invalid(`url: ${message}`, [{ path: "url", message }]);
  }
}

/** Each destination name → the automations (“name”) whose steps send to it. */
function destinationsUsedBy(
  automations: ReadonlyArray<{ name: string; steps: readonly Step[] }>,
): Map<string, string[]> {
  const usedBy = new Map<string, string[]>();
  for (const automation of automations) {
    for (const step of automation.steps) {
      if (step.type !== "action") continue;
      const { sendsTo } = ACTIONS[step.action] as ActionDefinition;
      for (const target of sendsTo?.(safeParseParams(step.action, step.params)) ?? []) {
        if (!("destination" in target)) continue;
        const users = usedBy.get(target.destination) ?? [];
        if (!users.includes(`“${automation.name}”`)) usedBy.set(target.destination, [...users, `“${automation.name}”`]);
      }
    }
  }
  return usedBy;
}

export async function listDestinations(db: Db): Promise<DestinationView[]> {
  const [rows, automations] = await Promise.all([
    db.destination.findMany({ orderBy: { name: "asc" } }),
    listAutomations(db),
  ]);
  const usedBy = destinationsUsedBy(automations);
  return rows.map((row) => {
    const kind = kindOf(row.kind);
    return {
      id: row.id,
      name: row.name,
      kind,
      shownUrl: describeDestinationUrl(kind, row.url),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      usedBy: usedBy.get(row.name) ?? [],
    };
  });
}

/** Names and kinds only: what the editor and the configuration checks need. */
export async function listDestinationChoices(db: Db): Promise<DestinationChoice[]> {
  const rows = await db.destination.findMany({ select: { name: true, kind: true }, orderBy: { name: "asc" } });
  return rows.map((row) => ({ name: row.name, kind: kindOf(row.kind) }));
}

/** The destination a step names, URL included (the worker sends to it), or null. */
export async function findDestination(db: Db, name: string): Promise<Destination | null> {
  const row = await db.destination.findUnique({ where: { name } });
  return row && { name: row.name, kind: kindOf(row.kind), url: row.url };
}

async function destinationRow(db: Db, id: string) {
  const row = isUnfindableId(id) ? null : await db.destination.findUnique({ where: { id } });
  if (!row) throw notFound("destination", id);
  return row;
}

/** The destination by id, URL included: for the Settings page's "Send test". */
export async function getDestination(db: Db, id: string): Promise<Destination & { id: string }> {
  const row = await destinationRow(db, id);
  return { id: row.id, name: row.name, kind: kindOf(row.kind), url: row.url };
}

export async function createDestination(
  engine: Pick<Engine, "db" | "config">,
  actor: Actor,
  input: unknown,
): Promise<DestinationView> {
  const data = parseOrThrow(destinationInputSchema, input, "invalid destination");
  checkUrl(data.kind, data.url, engine.config.outboundAllowList);
  try {
    await engine.db.$transaction(async (tx) => {
      const row = await tx.destination.create({ data });
      // An HTTP destination's events are signed with its own secret, shown in Settings from now on.
      if (data.kind === "http") await ensureWebhookEndpoints(tx, [data.url]);
      // A Slack URL is a credential: the log keeps what Settings shows of it.
      const after = { name: data.name, kind: data.kind, url: describeDestinationUrl(data.kind, data.url) };
      await recordAudit(tx, actor, {
        action: "destination.created",
        entity: "destination",
        entityId: row.id,
        after,
        summary: `Added ${data.kind} destination ${data.name} (${after.url})`,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = `a destination named “${data.name}” already exists: pick another name, or replace that one's URL`;
      throw conflict(message);
    }
    throw error;
  }
  const created = (await listDestinations(engine.db)).find((view) => view.name === data.name);
  if (!created) throw new Error(`destination ${data.name} vanished after it was created`);
  return created;
}

/** A new URL for a destination (a Slack webhook re-issued, an endpoint moved); steps keep naming it. */
export async function replaceDestinationUrl(
  engine: Pick<Engine, "db" | "config">,
  actor: Actor,
  id: string,
  patch: unknown,
): Promise<DestinationView> {
  const row = await destinationRow(engine.db, id);
  const { url } = parseOrThrow(destinationPatchSchema, patch, "invalid destination");
  const kind = kindOf(row.kind);
  checkUrl(kind, url, engine.config.outboundAllowList);
  await engine.db.$transaction(async (tx) => {
    await tx.destination.update({ where: { id }, data: { url } });
    if (kind === "http") await ensureWebhookEndpoints(tx, [url]);
    await recordAudit(tx, actor, {
      action: "destination.url_replaced",
      entity: "destination",
      entityId: id,
      before: { name: row.name, kind, url: describeDestinationUrl(kind, row.url) },
      after: { name: row.name, kind, url: describeDestinationUrl(kind, url) },
      summary: `Replaced the URL of ${row.name}`,
    });
  });
  const updated = (await listDestinations(engine.db)).find((view) => view.id === id);
  if (!updated) throw notFound("destination", id);
  return updated;
}

/** Refused while an active automation sends to it (its runs would fail); paused ones are checked when turned on. */
export async function deleteDestination(engine: Pick<Engine, "db">, actor: Actor, id: string): Promise<{ id: string }> {
  const row = await destinationRow(engine.db, id);
  const active = (await listAutomations(engine.db)).filter((automation) => automation.status === "active");
  const users = destinationsUsedBy(active).get(row.name) ?? [];
  if (users.length > 0) {
    throw conflict(
      `destination “${row.name}” is used by ${users.join(", ")} (active): change those steps or pause those automations first`,
    );
  }
  await engine.db.$transaction(async (tx) => {
    await tx.destination.delete({ where: { id } });
    const kind = kindOf(row.kind);
    await recordAudit(tx, actor, {
      action: "destination.deleted",
      entity: "destination",
      entityId: id,
      before: { name: row.name, kind, url: describeDestinationUrl(kind, row.url) },
      summary: `Deleted destination ${row.name}`,
    });
  });
  return { id };
}
