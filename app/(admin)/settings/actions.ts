"use server";

import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import type { Settings } from "@/lib/settings/settings";
import { revalidatePath } from "next/cache";
import { invalid } from "@/lib/errors";
import { updateSettings } from "@/lib/settings/update-settings";
import { revealWebhookEndpointSecret, rollWebhookEndpointSecret } from "@/lib/webhooks-out/endpoints";

function requireId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw invalid("id: must be an endpoint id");
  return id;
}

/** Saves the settings form. updateSettings validates the input with the schema the form used. */
export async function saveSettings(input: unknown): Promise<ActionResult<Settings>> {
  return runAdminAction("save settings", async (engine) => {
    const saved = await updateSettings(engine, input);
    // A new endpoint has its signing secret now: the page lists it.
    revalidatePath("/settings");
    return saved;
  });
}

/** Shows one endpoint's signing secret to the person who asked (Settings' Reveal). */
export async function revealEndpointSecretAction(id: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAdminAction("reveal webhook secret", async (engine) => {
    const { secret } = await revealWebhookEndpointSecret(engine.db, requireId(id));
    return { secret };
  });
}

/** A new signing secret for one endpoint; the old one keeps signing beside it for a day. */
export async function rollEndpointSecretAction(
  id: unknown,
): Promise<ActionResult<{ secret: string; previousSecretExpiresAt: string }>> {
  return runAdminAction("roll webhook secret", async (engine) => {
    const rolled = await rollWebhookEndpointSecret(engine.db, requireId(id), engine.now());
    revalidatePath("/settings");
    return { secret: rolled.secret, previousSecretExpiresAt: rolled.previousSecretExpiresAt.toISOString() };
  });
}
