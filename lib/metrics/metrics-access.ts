import { timingSafeEqual } from "node:crypto";
import type { Config } from "@/lib/config";

/**
 * Who may read /metrics: a bearer of METRICS_TOKEN, its own token (not the admin API's, so a
 * scraper's credential opens nothing else). Unset, metrics are off and the path is a 404 like any
 * unknown one.
 */
export function metricsAccess(
  config: Pick<Config, "metricsToken">,
  authorization: string | null,
): "open" | "off" | "denied" {
  const token = config.metricsToken;
  if (!token) return "off";
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? "open" : "denied";
}
