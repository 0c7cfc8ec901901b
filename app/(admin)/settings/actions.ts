"use server";

import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import type { Settings } from "@/lib/settings/settings";
import { revalidatePath } from "next/cache";
import { createDestination, deleteDestination, replaceDestinationUrl } from "@/lib/destinations/destinations";
import { testDestination, type DestinationTestResult } from "@/lib/destinations/test-destination";
import { invalid } from "@/lib/errors";
import { updateSettings } from "@/lib/settings/update-settings";
import { revealWebhookEndpointSecret, rollWebhookEndpointSecret } from "@/lib/webhooks-out/endpoints";

function requireId(id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw invalid("id: must be an id");
  return id;
}

/** Saves the settings form. updateSettings validates the input with the schema the form used. */
export async function saveSettings(input: unknown): Promise<ActionResult<Settings>> {
  return runAdminAction("save settings", "admin", async (engine, actor) => {
    const saved = await updateSettings(engine, actor, input);
    // A new endpoint has its signing secret now: the page lists it.
    revalidatePath("/settings");
    return saved;
  });
}

/** Shows one endpoint's signing secret to the person who asked (Settings' Reveal). */
export async function revealEndpointSecretAction(id: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAdminAction("reveal webhook secret", "admin", async (engine, actor) => {
    const { secret } = await revealWebhookEndpointSecret(engine.db, actor, requireId(id));
    return { secret };
  });
}

/** A new signing secret for one endpoint; the old one keeps signing beside it for a day. */
export async function rollEndpointSecretAction(
  id: unknown,
): Promise<ActionResult<{ secret: string; previousSecretExpiresAt: string }>> {
  return runAdminAction("roll webhook secret", "admin", async (engine, actor) => {
    const rolled = await rollWebhookEndpointSecret(engine.db, actor, requireId(id), engine.now());
    revalidatePath("/settings");
    return { secret: rolled.secret, previousSecretExpiresAt: rolled.previousSecretExpiresAt.toISOString() };
  });
}

/** Adds a named Slack webhook or HTTP endpoint; errors name the field (name, kind, url). */
export async function createDestinationAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAdminAction("add destination", "admin", async (engine, actor) => {
    const created = await createDestination(engine, actor, input);
    revalidatePath("/settings");
    return { id: created.id };
  });
}

/** A new URL for a destination; the steps that name it send there from now on. */
export async function replaceDestinationUrlAction(id: unknown, input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAdminAction("replace destination URL", "admin", async (engine, actor) => {
    const updated = await replaceDestinationUrl(engine, actor, requireId(id), input);
    revalidatePath("/settings");
    return { id: updated.id };
  });
}

export async function deleteDestinationAction(id: unknown): Promise<ActionResult<{ id: string }>> {
  return runAdminAction("delete destination", "admin", async (engine, actor) => {
    const deleted = await deleteDestination(engine, actor, requireId(id));
    revalidatePath("/settings");
    return deleted;
  });
}

/** Sends one test message or event and says what the destination answered. */
export async function testDestinationAction(id: unknown): Promise<ActionResult<DestinationTestResult>> {
  return runAdminAction("test destination", "operator", (engine, actor) =>
    testDestination(engine, actor, requireId(id)),
  );
}
