// GET /api/runs/:id — a run with its steps
import { getRun } from "@/lib/runs/list-runs";
import { withAdminApi } from "@/lib/http/with-admin-api";

export const GET = withAdminApi<{ id: string }>("GET /api/runs/:id", "viewer", ({ engine, params }) =>
  getRun(engine.db, params.id),
);
