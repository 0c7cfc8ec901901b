// GET /api/health — for load balancers and orchestrators, no credentials: 200 when ready (the
// database answers and some worker ticked within a minute), 503 saying which check failed.
// GET /api/health?probe=live — liveness only: the process answers, nothing else is asked.
import { getEngine } from "@/lib/engine/engine";
import { checkHealth } from "@/lib/health/check-health";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  if (new URL(request.url).searchParams.get("probe") === "live") {
    return Response.json({ status: "live" }, { headers });
  }
  const engine = getEngine();
  const health = await checkHealth(engine);
  if (!health.ready) {
    engine.log.warn({ checks: health.checks }, "health: not ready");
  }
  return Response.json(
    { status: health.ready ? "ready" : "not ready", ...health },
    { status: health.ready ? 200 : 503, headers },
  );
}

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
