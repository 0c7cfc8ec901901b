// GET /api/automations — every automation, by trigger then priority
// POST /api/automations — create one (placed last in its trigger's order)
import { listAutomations } from "@/lib/automations/list-automations";
import { createAutomation } from "@/lib/automations/save-automation";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/automations", "viewer", async ({ engine }) => ({
  automations: await listAutomations(engine.db),
}));

export const POST = withAdminApi("POST /api/automations", "editor", async ({ request, engine, actor }) =>
  Response.json(await createAutomation(engine, actor, await readJsonBody(request)), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = refuseOtherMethods("GET", "POST");
