// The person behind the browser's session cookie, for pages, layouts and server actions.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getEngine } from "@/lib/engine/engine";
import { roleAtLeast, type Role } from "./roles";
import { resolveSession, SESSION_COOKIE, type SessionUser } from "./sessions";

/** Looked up once per request, however many components ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const engine = getEngine();
  return resolveSession(engine.db, (await cookies()).get(SESSION_COOKIE)?.value, engine.now());
});

/**
 * For pages: an anonymous visitor goes to the login page. Every page calls it (not only the layout),
 * because a layout is not run again when the app navigates between its pages.
 */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** For a page only some roles may see (the team page): anyone else is sent to the automations. */
export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await requireUser();
  if (!roleAtLeast(user.role, role)) redirect(`/automations?notAllowed=${role}`);
  return user;
}
