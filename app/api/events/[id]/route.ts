// GET /api/events/:id — an event with its payload and the match trace of each trigger it fired
import { getEvent } from "@/lib/events/list-events";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi<{ id: string }>("GET /api/events/:id", "viewer", ({ engine, params }) =>
  getEvent(engine.db, params.id),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
