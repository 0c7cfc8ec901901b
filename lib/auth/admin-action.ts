import { getEngine, type Engine } from "@/lib/engine/engine";
import { AppError, type AppErrorIssue } from "@/lib/errors";
import { getLogger } from "@/lib/log/logger";
import type { Actor } from "./actor";
import { currentUser } from "./current-user";
import { roleAtLeast, whoMay, type Role } from "./roles";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; issues?: AppErrorIssue[] };

/**
 * The wrapper of every server action: the session and the role it needs are checked on each call
 * (a page's login wall does not protect the action behind it), the work gets the acting user for
 * the audit log, domain errors come back as data the form can show next to its fields, and anything
 * else is logged and answered generically. A server action posted from another origin never gets
 * here: proxy.ts refuses it (403) before Next.js runs it.
 */
export async function runAdminAction<T>(
  name: string,
  role: Role,
  work: (engine: Engine, actor: Actor) => Promise<T>,
): Promise<ActionResult<T>> {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Your session has ended. Log in again." };
  if (!roleAtLeast(user.role, role)) {
    getLogger().warn(
      { action: name, userId: user.userId, role: user.role, needs: role },
      "server action refused: role",
    );
    return {
      ok: false,
      error: `Only ${whoMay(role)} can do this; your role is ${user.role}.`,
    };
  }
  const actor: Actor = {
    kind: "user",
    userId: user.userId,
    email: user.email,
    role: user.role,
    origin: "ui",
    sessionId: user.sessionId,
  };
  try {
    return { ok: true, data: await work(getEngine(), actor) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, issues: error.issues };
    getLogger().error({ action: name, userId: user.userId, err: error }, "server action failed");
    return {
      ok: false,
      error: "Something went wrong on the server, and the change may not have been made. See the server log.",
    };
  }
}
