// GET /api/events — newest first; filters: type, objectId, q (an in_/sub_/cus_/evt_ id or an email), from, to,
// amountMin, amountMax (minor units) with currency; paging: limit, cursor
import { listEvents } from "@/lib/events/list-events";
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/events", "viewer", ({ request, engine }) =>
  listEvents(engine.db, searchParams(request)),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
