// GET /api/events — newest first; filters: type, objectId; paging: limit, cursor
import { listEvents } from "@/lib/events/list-events";
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/events", "viewer", ({ request, engine }) =>
  listEvents(engine.db, searchParams(request)),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
