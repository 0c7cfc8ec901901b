import { z } from "zod";
import type { PendingSignIn } from "@/lib/sso/oidc-client";

/** Holds state, nonce and PKCE verifier between the redirect and the callback (httpOnly, ten minutes). */
export const SSO_PENDING_COOKIE = "ba_sso_pending";

const pendingSchema = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(1).max(200),
});

export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString("base64url");
}

/** The cookie's value, or null when it is missing or not one this app wrote. */
export function decodePending(value: string | undefined): PendingSignIn | null {
  if (!value || value.length > 2000) return null;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
