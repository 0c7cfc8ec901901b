import fs from "node:fs";
import path from "node:path";

const APP_DIR = path.resolve(import.meta.dirname, "../../app");

export interface RouteFile {
  /** e.g. /api/automations/[id]/pause */
  pattern: string;
  file: string;
  regex: RegExp;
  paramNames: string[];
}

/** Every route handler under app/, found on disk (so a new route cannot be forgotten by a test). */
export function listRouteFiles(dir = APP_DIR): RouteFile[] {
  const found: RouteFile[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const pattern =
          "/" +
          path
            .relative(APP_DIR, current)
            .split(path.sep)
            .filter((s) => !/^\(.*\)$/.test(s))
            .join("/");
        const paramNames: string[] = [];
        const regex = new RegExp(
          "^" +
            pattern.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_match, catchAll: string | undefined, name: string) => {
              paramNames.push(name);
              return catchAll ? "(.+)" : "([^/]+)";
            }) +
            "$",
        );
        found.push({ pattern, file: full, regex, paramNames });
      }
    }
  };
  walk(dir);
  // Static segments win over dynamic ones, and a catch-all comes last, as in Next.js
  // (/api/automations/priority before /[id], and /api/[...path] only when nothing else answers).
  const rank = (route: RouteFile) => (route.pattern.includes("[...") ? 100 : route.paramNames.length);
  return found.sort((a, b) => rank(a) - rank(b));
}

const routeFiles = listRouteFiles();

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Calls the app's route handler for a method and path, with a real Request, as Next.js would. A text
 * body is sent as JSON unless the headers say otherwise: every route takes JSON, and real clients
 * (Stripe, the UI, curl with -H) say so. Bytes and streams are sent without a content type.
 */
export async function call(
  method: string,
  urlPath: string,
  init: { body?: string | Uint8Array | ReadableStream<Uint8Array>; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = new URL(urlPath, "http://127.0.0.1:3000");
  const route = routeFiles.find((candidate) => candidate.regex.test(url.pathname));
  if (!route) return new Response("not found", { status: 404 });
  const match = route.regex.exec(url.pathname)!;
  const params = Object.fromEntries(
    route.paramNames.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]),
  );
  const handlers = (await import(route.file)) as Record<string, Handler | undefined>;
  const handler = handlers[method.toUpperCase()];
  if (!handler) return new Response("method not allowed", { status: 405 });
  const headers = new Headers(init.headers);
  if (typeof init.body === "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
  // A streamed body needs duplex "half" (Node's fetch refuses it otherwise).
  const streamed = init.body instanceof ReadableStream ? { duplex: "half" } : {};
  const request = new Request(url, { method, body: init.body, headers, ...streamed } as RequestInit);
  return handler(request, { params: Promise.resolve(params) });
}
