"use server";

import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import { updateSettings, type Settings } from "@/lib/settings/settings";

/** Saves the settings form. updateSettings validates the input with the schema the form used. */
export async function saveSettings(input: unknown): Promise<ActionResult<Settings>> {
  return runAdminAction("save settings", (engine) => updateSettings(engine.db, input));
}
