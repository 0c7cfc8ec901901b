import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { readJson } from "@/lib/db/json";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { isRole, lowerRole } from "@/lib/auth/roles";
import { newSecretToken, secretsMatch, tokenHash } from "@/lib/auth/secret-token";
import type { Engine } from "@/lib/engine/engine";
import { invalid, isUnfindableId, notFound, parseOrThrow } from "@/lib/errors";
import { ensureBootstrapAdmin } from "@/lib/users/users";

/** Every token starts so, which lets secret scanners (and people) recognise one. */
const API_TOKEN_PREFIX = "bat_";
const LAST_USED_RESOLUTION_MS = 60_000;

const SCOPES = ["read", "write"] as const;
const scopesSchema = z.array(z.enum(SCOPES, { error: 'scopes: each scope is "read" or "write"' }));

const createSchema = z
  .object({
    name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(100, "name is too long"),
    scopes: scopesSchema.refine((scopes) => scopes.includes("read"), {
      message: 'scopes must be ["read"] or ["read","write"]',
    }),
    /** An admin may make a token that acts for another user (a script with an operator's rights). */
    userId: z.string().min(1).max(100).optional(),
  })
  .strict();

type TokenRow = Awaited<ReturnType<Db["apiToken"]["findUniqueOrThrow"]>> & { user: { email: string } };

function toTokenView(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: readJson(scopesSchema, row.scopes, `token ${row.id}'s scopes`),
    userId: row.userId,
    userEmail: row.user.email,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
export type ApiTokenView = ReturnType<typeof toTokenView>;

export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { user: { select: { email: true } } },
  });
  return rows.map(toTokenView);
}

/** Makes a token; the answer is the only time its value is shown. */
export async function createApiToken(
  engine: Pick<Engine, "db" | "now">,
  actor: Actor,
  body: unknown,
): Promise<ApiTokenView & { token: string }> {
  const input = parseOrThrow(createSchema, body, "invalid token");
  const ownerId = input.userId ?? (actor.kind === "system" ? null : actor.userId);
  if (!ownerId)
    throw invalid("userId: the system has no tokens of its own; name the user", [
      { path: "userId", message: "required" },
    ]);
  const owner = await engine.db.user.findUnique({ where: { id: ownerId } });
  if (!owner || owner.status !== "active") {
    throw invalid(`userId: ${ownerId} is not an active user`, [{ path: "userId", message: "not an active user" }]);
  }
  const token = newSecretToken(API_TOKEN_PREFIX);
  const now = engine.now();
  return engine.db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        tokenHash: tokenHash(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        userId: owner.id,
        scopes: [...new Set(input.scopes)],
        createdAt: now,
      },
      include: { user: { select: { email: true } } },
    });
    const view = toTokenView(row);
    await recordAudit(
      tx,
      actor,
      {
        action: "token.created",
        entity: "token",
        entityId: row.id,
        after: view,
        summary: `Made token ${input.name} (${view.scopes.join(", ")}) for ${owner.email}`,
      },
      now,
    );
    return { ...view, token };
  });
}

export async function revokeApiToken(
  engine: Pick<Engine, "db" | "now">,
  actor: Actor,
  id: string,
): Promise<ApiTokenView> {
  const now = engine.now();
  return engine.db.$transaction(async (tx) => {
    const before = isUnfindableId(id)
      ? null
      : await tx.apiToken.findUnique({ where: { id }, include: { user: { select: { email: true } } } });
    if (!before) throw notFound("token", id);
    if (before.revokedAt) return toTokenView(before);
    const row = await tx.apiToken.update({
      where: { id },
      data: { revokedAt: now },
      include: { user: { select: { email: true } } },
    });
    await recordAudit(
      tx,
      actor,
      {
        action: "token.revoked",
        entity: "token",
        entityId: id,
        before: toTokenView(before),
        after: toTokenView(row),
        summary: `Revoked token ${row.name} of ${row.user.email}`,
      },
      now,
    );
    return toTokenView(row);
  });
}

/**
 * The actor behind a bearer token, or null. ADMIN_API_TOKEN is the bootstrap token: it acts as the
 * bootstrap admin, with both scopes. Any other token acts as its owner, while the owner is active,
 * with the owner's role, or only as a viewer when it lacks the write scope.
 */
export async function resolveApiToken(
  engine: Pick<Engine, "db" | "config" | "now">,
  bearer: string,
): Promise<Extract<Actor, { kind: "token" }> | null> {
  const bootstrap = engine.config.adminApiToken;
  if (bootstrap && secretsMatch(bearer, bootstrap)) {
    const admin = await ensureBootstrapAdmin(engine.db);
    if (admin.status !== "active") return null;
    return {
      kind: "token",
      tokenId: "ADMIN_API_TOKEN",
      tokenName: "ADMIN_API_TOKEN",
      userId: admin.id,
      email: admin.email,
      role: "admin",
      origin: "api",
    };
  }
  if (!bearer.startsWith(API_TOKEN_PREFIX) || bearer.length > 200) return null;
  const row = await engine.db.apiToken.findUnique({ where: { tokenHash: tokenHash(bearer) }, include: { user: true } });
  if (!row || row.revokedAt || row.user.status !== "active" || !isRole(row.user.role)) return null;
  const now = engine.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await engine.db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const scopes = readJson(scopesSchema, row.scopes, `token ${row.id}'s scopes`);
  return {
    kind: "token",
    tokenId: row.id,
    tokenName: row.name,
    userId: row.userId,
    email: row.user.email,
    role: scopes.includes("write") ? row.user.role : lowerRole(row.user.role, "viewer"),
    origin: "api",
  };
}
