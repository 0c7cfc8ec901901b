"use server";

import { redirect } from "next/navigation";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { getEngine } from "@/lib/engine/engine";
import { AppError, type AppErrorIssue } from "@/lib/errors";
import { getLogger } from "@/lib/log/logger";
import { acceptInvitation } from "@/lib/users/users";

export interface AcceptState {
  error?: string;
  issues?: AppErrorIssue[];
  name?: string;
}

/**
 * POST /invite/:token — the invited person's name and password; they are logged in at once. No
 * session is needed (the link's token is the credential) and so runAdminAction does not apply.
 */
export async function acceptInvitationAction(_previous: AcceptState, form: FormData): Promise<AcceptState> {
  const engine = getEngine();
  const token = String(form.get("token") ?? "").slice(0, 300);
  const name = String(form.get("name") ?? "").slice(0, 300);
  const password = String(form.get("password") ?? "").slice(0, 1001);
  let userId: string;
  try {
    userId = (await acceptInvitation(engine, token, { name: name.trim() || undefined, password })).id;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, issues: error.issues, name };
    getLogger().error({ action: "accept invitation", err: error }, "server action failed");
    return { error: "Something went wrong on the server. Try again, or ask an admin for a new link.", name };
  }
  const session = await createSession(engine.db, { userId, method: "password", now: engine.now() });
  await setSessionCookie(session);
  redirect("/automations");
}
