import { createHash, timingSafeEqual } from "node:crypto";
import { getEngine, type Engine } from "@/lib/engine/engine";
import { AppError, unstorableIssue } from "@/lib/errors";
import { errorResponse, jsonError } from "./respond";

type RouteParams = Record<string, string>;
type Handler<P extends RouteParams> = (args: {
  request: Request;
  params: P;
  engine: Engine;
}) => Promise<Response | unknown>;

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Compares in constant time (over fixed-length digests, so the token's length leaks nothing either). */
function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/**
 * The wrapper of every JSON API route: bearer-token auth (ADMIN_API_TOKEN), then the handler, whose
 * plain return value becomes a 200 JSON body and whose errors are mapped in one place.
 */
export function withAdminApi<P extends RouteParams = RouteParams>(name: string, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const engine = getEngine();
    const expected = engine.config.adminApiToken;
    if (!expected) return jsonError(401, "the API is disabled: ADMIN_API_TOKEN is not set on the server");
    const given = bearerToken(request);
    if (!given || !tokenMatches(given, expected)) {
      return jsonError(401, "missing or invalid bearer token (Authorization: Bearer $ADMIN_API_TOKEN)");
    }
    try {
      // Next.js passes no params at all to a route without dynamic segments.
      const params = (await context.params) ?? ({} as P);
      // No stored id holds a NUL or half a surrogate pair, and PostgreSQL refuses them in a query.
      for (const [name, value] of Object.entries(params)) {
        if (unstorableIssue(value)) throw new AppError("not_found", `no record has the ${name} given`);
      }
      const result = await handler({ request, params, engine });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error, name, engine.log);
    }
  };
}

/** Query-string parameters as a plain object (for zod). */
export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
