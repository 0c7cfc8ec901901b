// POST /api/automations/:id/versions/:n/restore — that version's definition, saved as a new version
import { withAdminApi } from "@/lib/http/with-admin-api";
import { restoreVersion } from "@/lib/versions/restore-version";

export const POST = withAdminApi<{ id: string; n: string }>(
  "POST /api/automations/:id/versions/:n/restore",
  "editor",
  ({ engine, actor, params }) => restoreVersion(engine, actor, params.id, params.n),
);
