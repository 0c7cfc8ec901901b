// POST /api/automations/:id/pause — stop matching now; { "inProgress": "finish" | "cancel" } for its running runs
import { pauseAutomation } from "@/lib/automations/change-automation-status";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string }>(
  "POST /api/automations/:id/pause",
  "operator",
  async ({ request, engine, params, actor }) => {
    const body = (await readJsonBody(request)) as { inProgress?: unknown };
    return pauseAutomation(engine.db, actor, params.id, body?.inProgress, engine.now());
  },
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
