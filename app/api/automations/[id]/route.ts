// GET|PATCH|DELETE /api/automations/:id — read, change, delete (?inProgress=finish|cancel; history stays)
import { deleteAutomation } from "@/lib/automations/change-automation-status";
import { getAutomation } from "@/lib/automations/list-automations";
import { updateAutomation } from "@/lib/automations/save-automation";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi<{ id: string }>("GET /api/automations/:id", "viewer", ({ engine, params }) =>
  getAutomation(engine.db, params.id),
);

export const PATCH = withAdminApi<{ id: string }>(
  "PATCH /api/automations/:id",
  "editor",
  async ({ request, engine, params, actor }) => updateAutomation(engine, actor, params.id, await readJsonBody(request)),
);

export const DELETE = withAdminApi<{ id: string }>(
  "DELETE /api/automations/:id",
  "editor",
  ({ request, engine, params, actor }) =>
    deleteAutomation(engine.db, actor, params.id, new URL(request.url).searchParams.get("inProgress"), engine.now()),
);

export const { POST, PUT } = refuseOtherMethods("GET", "PATCH", "DELETE");
