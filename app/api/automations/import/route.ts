// POST /api/automations/import — add a file's automations (all or nothing)
import { importAutomations } from "@/lib/automations/transfer-automations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";

export const POST = withAdminApi("POST /api/automations/import", async ({ request, engine }) =>
  Response.json({ automations: await importAutomations(engine, await readJsonBody(request)) }, { status: 201 }),
);
