// GET|POST /api/destinations — the named Slack webhooks and HTTP endpoints steps send to (URLs of Slack ones never listed)
import { createDestination, listDestinations } from "@/lib/destinations/destinations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";

export const GET = withAdminApi("GET /api/destinations", async ({ engine }) => ({
  destinations: await listDestinations(engine.db),
}));

export const POST = withAdminApi("POST /api/destinations", async ({ request, engine }) =>
  Response.json(await createDestination(engine, await readJsonBody(request)), { status: 201 }),
);
