// GET /api/webhook-endpoints — where the engine's own webhooks go, each with its own signing secret (never listed)
import { withAdminApi } from "@/lib/http/with-admin-api";
import { listWebhookDestinations } from "@/lib/settings/webhook-destinations";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/webhook-endpoints", "viewer", async ({ engine }) => ({
  endpoints: await listWebhookDestinations(engine),
  // When set, OUTGOING_WEBHOOK_SECRET signs every delivery instead of the endpoints' own secrets.
  signedWith: engine.config.outgoingWebhookSecret ? "OUTGOING_WEBHOOK_SECRET" : "each endpoint's secret",
}));

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
