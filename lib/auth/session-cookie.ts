import { cookies, headers } from "next/headers";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "./sessions";

/** The session cookie's attributes, wherever it is set: httpOnly, SameSite=Lax, Secure behind https. */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: SESSION_MAX_AGE_SECONDS };
}

/** Sets the session's cookie from a server action (a route handler sets it on its own response). */
export async function setSessionCookie(session: { token: string }): Promise<void> {
  const secure = process.env.NODE_ENV === "production" && (await headers()).get("x-forwarded-proto") === "https";
  (await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(secure));
}
