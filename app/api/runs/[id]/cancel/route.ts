// POST /api/runs/:id/cancel — a person stops a running run
import { cancelRun } from "@/lib/runs/cancel-run";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string }>("POST /api/runs/:id/cancel", "operator", ({ engine, params, actor }) =>
  cancelRun(engine.db, actor, params.id, engine.now()),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
