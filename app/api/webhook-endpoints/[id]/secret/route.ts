// GET /api/webhook-endpoints/:id/secret — reveal one endpoint's signing secret (whsec_…)
import { withAdminApi } from "@/lib/http/with-admin-api";
import { revealWebhookEndpointSecret } from "@/lib/webhooks-out/endpoints";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi<{ id: string }>(
  "GET /api/webhook-endpoints/:id/secret",
  "admin",
  ({ engine, params, actor }) => revealWebhookEndpointSecret(engine.db, actor, params.id),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
