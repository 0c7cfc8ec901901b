// GET /api/runs/:id — a run with its steps
import { getRun } from "@/lib/runs/list-runs";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi<{ id: string }>("GET /api/runs/:id", "viewer", ({ engine, params }) =>
  getRun(engine.db, params.id),
);

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
