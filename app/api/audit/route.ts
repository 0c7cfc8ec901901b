// GET /api/audit — newest first; filters: actor, entity, entityId, from, to; paging: limit, cursor
import { listAudit } from "@/lib/audit/list-audit";
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/audit", "viewer", ({ request, engine }) =>
  listAudit(engine.db, searchParams(request)),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
