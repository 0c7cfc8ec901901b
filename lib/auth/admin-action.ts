import { getEngine, type Engine } from "@/lib/engine/engine";
import { AppError, type AppErrorIssue } from "@/lib/errors";
import { getLogger } from "@/lib/log/logger";
import { hasAdminSession } from "./admin-session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; issues?: AppErrorIssue[] };

/**
 * The wrapper of every server action: the session is checked on each call (a page's login wall
 * does not protect the action behind it), domain errors come back as data the form can show next
 * to its fields, and anything else is logged and answered generically. A server action posted
 * from another origin never gets here: proxy.ts refuses it (403) before Next.js runs it.
 */
export async function runAdminAction<T>(name: string, work: (engine: Engine) => Promise<T>): Promise<ActionResult<T>> {
  if (!(await hasAdminSession())) return { ok: false, error: "Your session has ended. Log in again." };
  try {
    return { ok: true, data: await work(getEngine()) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, issues: error.issues };
    getLogger().error({ action: name, err: error }, "server action failed");
    return {
      ok: false,
      error: "Something went wrong on the server, and the change may not have been made. See the server log.",
    };
  }
}
