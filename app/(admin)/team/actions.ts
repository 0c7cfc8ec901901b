"use server";

// Server actions of the team page: users and API tokens. Each goes through runAdminAction (the
// session and the admin role checked on every call) to the domain functions the JSON API uses,
// which validate the input themselves.
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { requestOrigin } from "@/lib/http/request-origin";
import { runAdminAction, type ActionResult } from "@/lib/auth/admin-action";
import { invalid } from "@/lib/errors";
import { createApiToken, revokeApiToken, type ApiTokenView } from "@/lib/tokens/api-tokens";
import { inviteUser, updateUser, type UserView } from "@/lib/users/users";

function requireId(id: unknown, what: string): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw invalid(`the ${what} id is missing`);
  return id;
}

/**
 * The address the invitation link starts with: this app as the admin's browser reached it (behind
 * a proxy, X-Forwarded-Proto and -Host), so the link works from where the admin works.
 */
async function requestBaseUrl(port: number): Promise<string> {
  return requestOrigin(await headers(), `http://localhost:${port}`);
}

export async function inviteUserAction(input: unknown): Promise<ActionResult<UserView>> {
  return runAdminAction("invite user", "admin", async (engine, actor) => {
    const invited = await inviteUser(engine, actor, input, { baseUrl: await requestBaseUrl(engine.config.port) });
    revalidatePath("/team");
    return invited;
  });
}

/** A role change, a deactivation or a reactivation; the last active admin is kept by the domain. */
export async function updateUserAction(id: string, input: unknown): Promise<ActionResult<UserView>> {
  return runAdminAction("update user", "admin", async (engine, actor) => {
    const updated = await updateUser(engine, actor, requireId(id, "user"), input);
    revalidatePath("/team");
    return updated;
  });
}

/** The answer holds the token's value: the only time anyone sees it. */
export async function createTokenAction(input: unknown): Promise<ActionResult<ApiTokenView & { token: string }>> {
  return runAdminAction("create API token", "admin", async (engine, actor) => {
    const created = await createApiToken(engine, actor, input);
    revalidatePath("/team");
    return created;
  });
}

export async function revokeTokenAction(id: string): Promise<ActionResult<ApiTokenView>> {
  return runAdminAction("revoke API token", "admin", async (engine, actor) => {
    const revoked = await revokeApiToken(engine, actor, requireId(id, "token"));
    revalidatePath("/team");
    return revoked;
  });
}
