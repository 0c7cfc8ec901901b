import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random token for a cookie, an invitation link or an API token: 256 bits, URL-safe. */
export function newSecretToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** What the database keeps of a token: its sha256, so a copy of the database opens nothing. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Compares two secrets in constant time (over digests, so their lengths leak nothing either). */
export function secretsMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
