// GET /api/tokens — every token (never its value); POST /api/tokens { name, scopes, userId? } → { id, token } (shown once)
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { createApiToken, listApiTokens } from "@/lib/tokens/api-tokens";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/tokens", "admin", async ({ engine }) => ({
  tokens: await listApiTokens(engine.db),
}));

export const POST = withAdminApi("POST /api/tokens", "admin", async ({ request, engine, actor }) =>
  Response.json(await createApiToken(engine, actor, await readJsonBody(request)), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = refuseOtherMethods("GET", "POST");
