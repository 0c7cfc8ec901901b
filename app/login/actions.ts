"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLoginThrottle, loginClientAddress } from "@/lib/auth/login-throttle";
import { createSessionToken, passwordMatches, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";

export interface LoginState {
  error?: string;
}

/** POST /login — checks ADMIN_PASSWORD (slowed down after each wrong one) and sets the session cookie. */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const expected = getConfig().adminPassword;
  if (!expected) return { error: "Logging in is disabled: ADMIN_PASSWORD is not set on the server." };
  const address = loginClientAddress(await headers());
  const throttle = getLoginThrottle();
  const verdict = throttle.check(address, Date.now());
  if (verdict.lockedForSeconds) {
    return { error: `Too many wrong passwords. Try again in ${Math.ceil(verdict.lockedForSeconds / 60)} minutes.` };
  }
  if (verdict.delayMs) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
  const password = String(form.get("password") ?? "");
  if (!passwordMatches(password, expected)) {
    throttle.failed(address, Date.now());
    return { error: "That password is not right." };
  }
  throttle.succeeded(address);
  (await cookies()).set(SESSION_COOKIE, createSessionToken(expected, new Date()), {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && (await headers()).get("x-forwarded-proto") === "https",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  redirect("/automations");
}

export async function logout(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/login");
}
