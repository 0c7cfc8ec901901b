// GET /api/automations/export — every automation as a file to keep or import elsewhere
import { exportAutomations } from "@/lib/automations/transfer-automations";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/automations/export", "viewer", async ({ engine }) =>
  Response.json(await exportAutomations(engine.db, engine.now()), {
    headers: { "Content-Disposition": 'attachment; filename="automations.json"' },
  }),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
