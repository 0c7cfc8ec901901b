// DELETE /api/tokens/:id — revokes: the token opens nothing from now on
import { withAdminApi } from "@/lib/http/with-admin-api";
import { revokeApiToken } from "@/lib/tokens/api-tokens";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const DELETE = withAdminApi<{ id: string }>("DELETE /api/tokens/:id", "admin", ({ engine, actor, params }) =>
  revokeApiToken(engine, actor, params.id),
);

export const { GET, POST, PUT, PATCH } = refuseOtherMethods("DELETE");
