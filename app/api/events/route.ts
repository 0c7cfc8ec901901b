// GET /api/events — newest first; filters: type, objectId; paging: limit, cursor
import { listEvents } from "@/lib/events/list-events";
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";

export const GET = withAdminApi("GET /api/events", "viewer", ({ request, engine }) =>
  listEvents(engine.db, searchParams(request)),
);
