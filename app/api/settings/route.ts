// GET|PUT /api/settings — default currency, exchange rates, team emails, webhook endpoints, team time zone
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { getSettings } from "@/lib/settings/settings";
import { updateSettings } from "@/lib/settings/update-settings";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/settings", "viewer", ({ engine }) => getSettings(engine.db));

export const PUT = withAdminApi("PUT /api/settings", "admin", async ({ request, engine, actor }) =>
  updateSettings(engine, actor, await readJsonBody(request)),
);

export const { POST, PATCH, DELETE } = refuseOtherMethods("GET", "PUT");
