// GET /api/automations/:id/versions/:n — one version: what changed, who, when, the whole definition
import { withAdminApi } from "@/lib/http/with-admin-api";
import { getVersion } from "@/lib/versions/automation-versions";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi<{ id: string; n: string }>(
  "GET /api/automations/:id/versions/:n",
  "viewer",
  ({ engine, params }) => getVersion(engine.db, params.id, params.n),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
