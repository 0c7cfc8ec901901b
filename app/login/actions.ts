"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLoginThrottle, loginClientAddress } from "@/lib/auth/login-throttle";
import { loginWithPassword } from "@/lib/auth/password-login";
import { createSession, endSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { getEngine } from "@/lib/engine/engine";

export interface LoginState {
  error?: string;
  email?: string;
}

/** POST /login — an email and password (slowed down after each wrong one); a session on success. */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const engine = getEngine();
  const email = String(form.get("email") ?? "").slice(0, 300);
  const address = loginClientAddress(await headers());
  const throttle = getLoginThrottle();
  const verdict = throttle.check(address, Date.now());
  if (verdict.lockedForSeconds) {
    return {
      email,
      error: `Too many wrong passwords. Try again in ${Math.ceil(verdict.lockedForSeconds / 60)} minutes.`,
    };
  }
  if (verdict.delayMs) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
  const password = String(form.get("password") ?? "").slice(0, 1000);
  const result = await loginWithPassword(engine, { email, password, address });
  if (!result.ok) {
    throttle.failed(address, Date.now());
    return { email, error: result.error };
  }
  throttle.succeeded(address);
  const session = await createSession(engine.db, { userId: result.userId, method: "password", now: engine.now() });
  await setSessionCookie(session);
  redirect("/automations");
}

/** Ends the session in the database, not only in this browser. */
export async function logout(): Promise<void> {
  const jar = await cookies();
  await endSession(getEngine().db, jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
