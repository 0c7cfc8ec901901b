"use server";

import { revalidatePath } from "next/cache";
import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import { emptyOutbox } from "@/lib/email/outbox";

/** Deletes every email the outbox keeps (they hold invitation links): admins only, like the page. */
export async function emptyOutboxAction(): Promise<ActionResult<{ deleted: number }>> {
  return runAdminAction("empty outbox", "admin", async (engine, actor) => {
    const deleted = await emptyOutbox(engine.db, actor);
    revalidatePath("/outbox");
    return { deleted };
  });
}
