// `npm run worker`'s own /metrics (a worker serves no pages): on METRICS_PORT, only when
// METRICS_TOKEN is set, with the same token check as the web server's route.
import http from "node:http";
import type { Engine } from "@/lib/engine/engine";
import { metricsAccess } from "@/lib/metrics/metrics-access";
import { renderMetrics } from "@/lib/metrics/metrics";

export function serveWorkerMetrics(engine: Engine): { close(): Promise<void> } | null {
  if (!engine.config.metricsToken) return null;
  const server = http.createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404).end("Not Found\n");
      return;
    }
    if (metricsAccess(engine.config, request.headers.authorization ?? null) !== "open") {
      response.writeHead(401, { "www-authenticate": 'Bearer realm="metrics"' }).end("Unauthorized\n");
      return;
    }
    renderMetrics(engine)
      .then(({ contentType, body }) => response.writeHead(200, { "content-type": contentType }).end(body))
      .catch((error: unknown) => {
        engine.log.error({ err: error }, "metrics: rendering failed");
        response.writeHead(500).end("metrics failed; see the worker's log\n");
      });
  });
  server.on("error", (error) =>
    engine.log.error({ err: error, port: engine.config.metricsPort }, "metrics: server failed"),
  );
  server.listen(engine.config.metricsPort, () =>
    engine.log.info({ port: engine.config.metricsPort }, `metrics on :${engine.config.metricsPort}/metrics`),
  );
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
