// GET /api/outcomes?from&to&trigger&automationId — per automation and trigger: runs, recovered,
// amounts, rates, time to recover, by week; with a holdout, the comparison against it
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { queryOutcomes } from "@/lib/outcomes/query-outcomes";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/outcomes", "viewer", ({ request, engine }) =>
  queryOutcomes(engine.db, searchParams(request), engine.now()),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
