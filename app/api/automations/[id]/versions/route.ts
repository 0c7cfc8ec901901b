// GET /api/automations/:id/versions — every saved version, newest first
import { withAdminApi } from "@/lib/http/with-admin-api";
import { listVersions } from "@/lib/versions/automation-versions";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi<{ id: string }>(
  "GET /api/automations/:id/versions",
  "viewer",
  async ({ engine, params }) => ({
    versions: await listVersions(engine.db, params.id),
  }),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
