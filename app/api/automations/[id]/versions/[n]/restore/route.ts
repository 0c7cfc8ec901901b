// POST /api/automations/:id/versions/:n/restore — that version's definition, saved as a new version
import { withAdminApi } from "@/lib/http/with-admin-api";
import { restoreVersion } from "@/lib/versions/restore-version";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string; n: string }>(
  "POST /api/automations/:id/versions/:n/restore",
  "editor",
  ({ engine, actor, params }) => restoreVersion(engine, actor, params.id, params.n),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
