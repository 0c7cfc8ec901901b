// POST /api/automations/import — add a file's automations (all or nothing)
import { importAutomations } from "@/lib/automations/transfer-automations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi("POST /api/automations/import", "editor", async ({ request, engine, actor }) =>
  Response.json({ automations: await importAutomations(engine, actor, await readJsonBody(request)) }, { status: 201 }),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
