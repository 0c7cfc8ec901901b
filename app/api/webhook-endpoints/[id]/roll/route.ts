// POST /api/webhook-endpoints/:id/roll — a new signing secret; the old one keeps signing beside it for 24 hours
import { withAdminApi } from "@/lib/http/with-admin-api";
import { rollWebhookEndpointSecret } from "@/lib/webhooks-out/endpoints";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string }>(
  "POST /api/webhook-endpoints/:id/roll",
  "admin",
  ({ engine, params, actor }) => rollWebhookEndpointSecret(engine.db, actor, params.id, engine.now()),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
