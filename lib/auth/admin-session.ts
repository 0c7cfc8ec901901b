import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { SESSION_COOKIE, verifySessionToken } from "./session";

/** True when the request carries a valid admin session cookie. */
export async function hasAdminSession(): Promise<boolean> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return verifySessionToken(getConfig().adminPassword, token, new Date());
}

/** For admin pages: an anonymous visitor goes to the login page. */
export async function requireAdminSession(): Promise<void> {
  if (!(await hasAdminSession())) redirect("/login");
}
