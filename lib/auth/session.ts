import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "ba_session";
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * Sessions are signed, not stored: `<expiresAtMs>.<hmac>`, keyed by a hash of ADMIN_PASSWORD, so
 * changing the password logs everyone out and no session table is needed.
 */
function signingKey(password: string): Buffer {
  return createHash("sha256").update(`billing-automations:session:${password}`).digest();
}

function sign(password: string, payload: string): string {
  return createHmac("sha256", signingKey(password)).update(payload).digest("base64url");
}

export function createSessionToken(password: string, now: Date): string {
  const expiresAt = String(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  return `${expiresAt}.${sign(password, expiresAt)}`;
}

export function verifySessionToken(password: string | undefined, token: string | undefined, now: Date): boolean {
  if (!password || !token) return false;
  const [expiresAt, signature, extra] = token.split(".");
  if (!expiresAt || !signature || extra !== undefined || !/^\d+$/.test(expiresAt)) return false;
  if (Number(expiresAt) <= now.getTime()) return false;
  const expected = Buffer.from(sign(password, expiresAt));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Compares a typed password in constant time (digests first, so its length leaks nothing either). */
export function passwordMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
