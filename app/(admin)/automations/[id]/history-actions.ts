"use server";

// The automation page's History: putting an earlier version back. Kept apart from ../actions.ts,
// which the automations layout hands to every automation component; only the History needs this.
import { revalidatePath } from "next/cache";
import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import { invalid } from "@/lib/errors";
import { restoreVersion } from "@/lib/versions/restore-version";

/** Restores version `number` as a new version; answers the new version's number. */
export async function restoreVersionAction(
  automationId: string,
  number: number,
): Promise<ActionResult<{ version: number }>> {
  return runAdminAction("restore automation version", "editor", async (engine, actor) => {
    // A server action's arguments are whatever the browser sent: getVersion checks the number, not its type.
    if (typeof automationId !== "string" || automationId.length === 0) throw invalid("the automation id is missing");
    if (typeof number !== "number" && typeof number !== "string") throw invalid("the version number is missing");
    const restored = await restoreVersion(engine, actor, automationId, number);
    revalidatePath("/automations", "layout");
    return { version: restored.version };
  });
}
