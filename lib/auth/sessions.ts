import type { Db } from "@/lib/db/client";
import { isRole, type Role } from "./roles";
import { newSecretToken, tokenHash } from "./secret-token";

export const SESSION_COOKIE = "ba_session";
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export type LoginMethod = "password" | "sso";

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string | null;
  role: Role;
}

/** Starts a session for an active user; the cookie gets the token, the database its hash. */
export async function createSession(
  db: Db,
  input: { userId: string; method: LoginMethod; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken();
  const expiresAt = new Date(input.now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.$transaction([
    db.session.create({
      data: {
        tokenHash: tokenHash(token),
        userId: input.userId,
        method: input.method,
        expiresAt,
        createdAt: input.now,
      },
    }),
    db.user.update({ where: { id: input.userId }, data: { lastLoginAt: input.now } }),
  ]);
  return { token, expiresAt };
}

/**
 * The person behind a session cookie, or null: unknown, expired, or the user is no longer active
 * (deactivation deletes the sessions too; this covers a row read in between).
 */
export async function resolveSession(db: Db, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const session = await db.session.findUnique({ where: { tokenHash: tokenHash(token) }, include: { user: true } });
  if (!session || session.expiresAt <= now || session.user.status !== "active" || !isRole(session.user.role)) {
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return {
    sessionId: session.id,
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: session.user.role,
  };
}

/** Logout: the session ends now, whoever holds a copy of the cookie. */
export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (!token || token.length > 200) return;
  await db.session.deleteMany({ where: { tokenHash: tokenHash(token) } });
}
