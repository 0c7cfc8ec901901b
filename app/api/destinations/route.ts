// GET|POST /api/destinations — the named Slack webhooks and HTTP endpoints steps send to (URLs of Slack ones never listed)
import { createDestination, listDestinations } from "@/lib/destinations/destinations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/destinations", "viewer", async ({ engine }) => ({
  destinations: await listDestinations(engine.db),
}));

export const POST = withAdminApi("POST /api/destinations", "admin", async ({ request, engine, actor }) =>
  Response.json(await createDestination(engine, actor, await readJsonBody(request)), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = refuseOtherMethods("GET", "POST");
