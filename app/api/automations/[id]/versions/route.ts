// GET /api/automations/:id/versions — every saved version, newest first
import { withAdminApi } from "@/lib/http/with-admin-api";
import { listVersions } from "@/lib/versions/automation-versions";

export const GET = withAdminApi<{ id: string }>(
  "GET /api/automations/:id/versions",
  "viewer",
  async ({ engine, params }) => ({
    versions: await listVersions(engine.db, params.id),
  }),
);
