// POST /api/runs/bulk — { "action": "cancel" | "retry", "runIds": [...] }: cancel running runs, or
// retry the failed step of failed runs, each on its own; answers which were acted on and why not.
import { actOnRuns } from "@/lib/runs/bulk-runs";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi("POST /api/runs/bulk", "operator", async ({ request, engine, actor }) => {
  const result = await actOnRuns(engine.db, actor, await readJsonBody(request), engine.now());
  if (result.action === "retry" && result.done.length) engine.signal.notify("steps");
  return result;
});

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
