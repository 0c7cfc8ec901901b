import { cookies, headers } from "next/headers";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "./sessions";

/** The session's cookie: httpOnly, SameSite=Lax, Secure behind https. */
export async function setSessionCookie(session: { token: string }): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && (await headers()).get("x-forwarded-proto") === "https",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
