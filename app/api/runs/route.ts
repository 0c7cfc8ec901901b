// GET /api/runs — newest first; filters: automationId, status, q (an in_/sub_/cus_/evt_ or run id, or an email),
// from, to, amountMin, amountMax (minor units) with currency; paging: limit, cursor
import { listRuns } from "@/lib/runs/list-runs";
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/runs", "viewer", ({ request, engine }) =>
  listRuns(engine.db, searchParams(request)),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
