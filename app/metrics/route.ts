// GET /metrics — Prometheus's scrape of this process (lib/metrics), open to a bearer of
// METRICS_TOKEN only; with it unset, metrics are off and this is a 404.
import { getEngine } from "@/lib/engine/engine";
import { metricsAccess } from "@/lib/metrics/metrics-access";
import { renderMetrics } from "@/lib/metrics/metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const engine = getEngine();
  const access = metricsAccess(engine.config, request.headers.get("authorization"));
  if (access === "off") return new Response("Not Found\n", { status: 404 });
  if (access === "denied") {
    return new Response("Unauthorized: send METRICS_TOKEN as a bearer token\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { contentType, body } = await renderMetrics(engine);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
