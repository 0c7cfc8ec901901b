// POST /api/destinations/:id/test — send one test message (Slack) or signed test event (HTTP); says what it answered
import { testDestination } from "@/lib/destinations/test-destination";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string }>(
  "POST /api/destinations/:id/test",
  "operator",
  ({ engine, params, actor }) => testDestination(engine, actor, params.id),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
