// What the JSON API answers when nothing in it does: a JSON error a client can read, where Next.js
// would answer an unknown path with the HTML not-found page and an unexported method with an empty 405.
import { jsonError } from "./respond";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Fallback = (request: Request) => Response | Promise<Response>;

const FALLBACKS = new WeakSet<Fallback>();

/** Marks a handler as a refusal, not a route's own work (the route-role table skips it). */
export function apiFallback<F extends Fallback>(handler: F): F {
  FALLBACKS.add(handler);
  return handler;
}

export function isApiFallback(handler: unknown): boolean {
  return typeof handler === "function" && FALLBACKS.has(handler as Fallback);
}

/**
 * A JSON 405 for each method a route does not answer, naming those it does in `Allow`:
 * `export const { PUT, PATCH, DELETE } = refuseOtherMethods("GET", "POST");`
 */
export function refuseOtherMethods<A extends Method>(...allowed: A[]): Record<Exclude<Method, A>, Fallback> {
  const allow = [...allowed, ...(allowed.includes("GET" as A) ? ["HEAD"] : [])].join(", ");
  const refuse = apiFallback((request: Request) => {
    const path = new URL(request.url).pathname;
    const response = jsonError(405, `${request.method} is not allowed on ${path}: use ${allow}`);
    response.headers.set("allow", allow);
    return response;
  });
  const others = METHODS.filter((method) => !allowed.includes(method as A));
  return Object.fromEntries(others.map((method) => [method, refuse])) as Record<Exclude<Method, A>, Fallback>;
}

/** A JSON 404 for a path under /api/ that no route answers. */
export const unknownApiPath = apiFallback((request: Request): Response => {
  return jsonError(404, `no API route at ${new URL(request.url).pathname}`);
});
