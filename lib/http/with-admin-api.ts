import type { Actor } from "@/lib/auth/actor";
import { roleAtLeast, whoMay, type Role } from "@/lib/auth/roles";
import { getEngine, type Engine } from "@/lib/engine/engine";
import { AppError, unstorableIssue } from "@/lib/errors";
import { resolveApiToken } from "@/lib/tokens/api-tokens";
import { errorResponse, jsonError } from "./respond";

type RouteParams = Record<string, string>;
type Handler<P extends RouteParams> = (args: {
  request: Request;
  params: P;
  engine: Engine;
  actor: Actor;
}) => Promise<Response | unknown>;

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/**
 * The wrapper of every JSON API route: bearer-token auth (a user's API token, or ADMIN_API_TOKEN),
 * the role the route needs (a token acts with its owner's role, only a viewer's without the write
 * scope), then the handler, whose plain return value becomes a 200 JSON body and whose errors are
 * mapped in one place.
 */
export function withAdminApi<P extends RouteParams = RouteParams>(name: string, role: Role, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const engine = getEngine();
    const given = bearerToken(request);
    const actor = given ? await resolveApiToken(engine, given) : null;
    if (!actor) {
      return jsonError(401, "missing, revoked or invalid bearer token (Authorization: Bearer <an API token>)");
    }
    if (!roleAtLeast(actor.role, role)) {
      engine.log.warn(
        { route: name, actor: actor.kind === "token" ? actor.tokenId : null, role: actor.role, needs: role },
        "API request refused: role",
      );
      return jsonError(
        403,
        actor.role === "viewer" && role !== "viewer"
          ? `${name} needs ${whoMay(role)}; this token can only read (its scopes, or its owner's role)`
          : `${name} needs ${whoMay(role)}; this token acts as ${actor.role}`,
      );
    }
    try {
      // Next.js passes no params at all to a route without dynamic segments.
      const params = (await context.params) ?? ({} as P);
      // No stored id holds a NUL or half a surrogate pair, and PostgreSQL refuses them in a query.
      for (const [name, value] of Object.entries(params)) {
        if (unstorableIssue(value)) throw new AppError("not_found", `no record has the ${name} given`);
      }
      const result = await handler({ request, params, engine, actor });
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
