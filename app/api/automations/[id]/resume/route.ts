// POST /api/automations/:id/resume — back into matching, at its place in the priority order
import { resumeAutomation } from "@/lib/automations/change-automation-status";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string }>(
  "POST /api/automations/:id/resume",
  "operator",
  ({ engine, params, actor }) => resumeAutomation(engine, actor, params.id),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
