// PUT /api/automations/priority — { trigger, ids }: a trigger's whole order, written atomically
import { reorderAutomations } from "@/lib/automations/reorder-automations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const PUT = withAdminApi("PUT /api/automations/priority", "editor", async ({ request, engine, actor }) => ({
  automations: await reorderAutomations(engine.db, actor, await readJsonBody(request)),
}));

export const { GET, POST, PATCH, DELETE } = refuseOtherMethods("PUT");
