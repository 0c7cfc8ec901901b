// PATCH|DELETE /api/destinations/:id — a new URL (steps keep naming it), or remove one no active automation uses
import { deleteDestination, replaceDestinationUrl } from "@/lib/destinations/destinations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const PATCH = withAdminApi<{ id: string }>(
  "PATCH /api/destinations/:id",
  "admin",
  async ({ request, engine, params, actor }) =>
    replaceDestinationUrl(engine, actor, params.id, await readJsonBody(request)),
);

export const DELETE = withAdminApi<{ id: string }>(
  "DELETE /api/destinations/:id",
  "admin",
  ({ engine, params, actor }) => deleteDestination(engine, actor, params.id),
);

export const { GET, POST, PUT } = refuseOtherMethods("PATCH", "DELETE");
