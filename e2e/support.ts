import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { APIRequestContext, Page } from "@playwright/test";
import {
  buildSampleEvent,
  sampleIds,
  signStripePayload,
  type SampleEventOptions,
  type SampleEventType,
} from "../lib/samples/sample-events";
import { E2E, SSO } from "../playwright.config";

/** Calls the JSON API with the admin token (test setup that is not what a test is about). */
export async function api(request: APIRequestContext, method: string, path: string, data?: unknown) {
  const response = await request.fetch(path, {
    method,
    data,
    headers: { authorization: `Bearer ${E2E.apiToken}` },
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Delivers a signed Stripe event to the webhook route, as Stripe would. Returns the event and object ids. */
export async function deliverEvent(
  request: APIRequestContext,
  type: SampleEventType,
  options: SampleEventOptions = {},
  webhookSecret = E2E.webhookSecret,
) {
  const firstAttempt = type === "invoice.payment_failed" ? { attemptCount: 1 } : {};
  const event = buildSampleEvent(type, { ...sampleIds(), ...firstAttempt, ...options });
  const body = JSON.stringify(event);
  const response = await request.post("/api/webhooks/stripe", {
    data: body,
    headers: { "content-type": "application/json", "stripe-signature": signStripePayload(body, webhookSecret) },
  });
  if (!response.ok()) throw new Error(`webhook refused: ${response.status()} ${await response.text()}`);
  return { eventId: event.id, objectId: event.data.object.id };
}

/** A name no other test uses, so tests never depend on each other's rows. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 7)}`;
}

// ---------------------------------------------------------------------------------------------
// The app's surface, found on disk (and in the build) when the tests are collected, so a page,
// route or server action added later is covered without editing the access suite.

const APP_DIR = fileURLToPath(new URL("../app", import.meta.url));

/** A page (app/**\/page.tsx) or route handler (app/**\/route.ts) and the URL that reaches it. */
export interface AppEntry {
  /** The URL path, each dynamic segment ([id], [...slug]) given the placeholder "x". */
  path: string;
  /** The file, relative to the repository. */
  file: string;
  /** Has a placeholder for a dynamic segment (an [id] page). */
  dynamic: boolean;
}

export interface AppRoute extends AppEntry {
  /** The HTTP methods the file exports a handler for. */
  methods: HttpMethod[];
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The URL segment a folder adds: a name, "x" for a dynamic one, null for none, undefined if not routable. */
function routeSegment(folder: string): { name: string | null; dynamic: boolean } | undefined {
  if (folder.startsWith("_")) return undefined; // private folder
  if (/^\(\.+\)/.test(folder)) return undefined; // intercepting route: reached through another URL
  if (/^\(.*\)$/.test(folder) || folder.startsWith("@")) return { name: null, dynamic: false }; // group, slot
  if (/^\[\[\.\.\..+\]\]$/.test(folder)) return { name: null, dynamic: true }; // optional catch-all
  if (/^\[.+\]$/.test(folder)) return { name: "x", dynamic: true };
  return { name: folder, dynamic: false };
}

/** The URL path of a folder under app/ ("(admin)/runs/[id]" → "/runs/x"), or undefined if none reaches it. */
function urlPathOf(folder: string): { path: string; dynamic: boolean } | undefined {
  let urlPath = "";
  let dynamic = false;
  for (const part of folder.split(/[\\/]/).filter(Boolean)) {
    const segment = routeSegment(part);
    if (!segment) return undefined;
    if (segment.name !== null) urlPath += `/${segment.name}`;
    dynamic ||= segment.dynamic;
  }
  return { path: urlPath || "/", dynamic };
}

/** The methods a route file exports: `export function GET`, `export const POST =`, `export { PUT }`. */
function exportedMethods(source: string): HttpMethod[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?|const|let|var)\s+([A-Z]+)\b/g)) {
    names.add(match[1]!);
  }
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const item of match[1]!.split(","))
      names.add(
        item
          .trim()
          .split(/\s+as\s+/)
          .pop()!,
      );
  }
  return HTTP_METHODS.filter((method) => names.has(method));
}

/** Every page and route handler under app/. */
export function appSurface(directory = APP_DIR): { pages: AppEntry[]; routes: AppRoute[] } {
  const pages: AppEntry[] = [];
  const routes: AppRoute[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(directory, folder), { withFileTypes: true })) {
      const child = join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(child);
        continue;
      }
      const kind = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/.exec(entry.name)?.[1];
      const url = kind ? urlPathOf(folder) : undefined;
      if (!url) continue;
      const file = relative(process.cwd(), join(directory, child));
      if (kind === "page") pages.push({ ...url, file });
      else routes.push({ ...url, file, methods: exportedMethods(readFileSync(join(directory, child), "utf8")) });
    }
  };
  walk("");
  const byPath = (a: AppEntry, b: AppEntry) => a.path.localeCompare(b.path);
  return { pages: pages.sort(byPath), routes: routes.sort(byPath) };
}

/** A server action of the build: the ID a POST names it by, where it is defined, and a page that can run it. */
export interface ServerAction {
  id: string;
  name: string;
  file: string;
  /** The URL path of the first page whose bundle holds it (a POST to it runs the action there). */
  pagePath: string;
}

interface ServerReferenceManifest {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
}

/** Every server action of the build the server runs, from its server-reference manifest. */
export function serverActions(distDir = E2E.distDir): ServerAction[] {
  const manifestFile = join(distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as ServerReferenceManifest;
  return Object.entries(manifest.node).map(([id, entry]) => {
    const pagePath = Object.keys(entry.workers)
      .map((worker) => urlPathOf(worker.replace(/^app\//, "").replace(/\/page$/, ""))?.path)
      .find((found) => found !== undefined);
    return { id, name: entry.exportedName ?? id, file: entry.filename ?? "?", pagePath: pagePath ?? "/" };
  });
}

// ---------------------------------------------------------------------------------------------
// Secrets: the values the test server is given, which no response and no log line may contain.

/** The secrets of the test server, by variable. (STRIPE_SECRET_KEY is unset: the suite runs in dry-run mode.) */
export const SECRETS: Record<string, string> = {
  ADMIN_PASSWORD: E2E.password,
  ADMIN_API_TOKEN: E2E.apiToken,
  STRIPE_WEBHOOK_SECRET: E2E.webhookSecret,
  OIDC_CLIENT_SECRET: SSO.clientSecret,
};

/** The session cookie values this run's browsers hold: credentials too, so never in a log line. */
export function sessionTokens(): string[] {
  if (!existsSync(E2E.storageState)) return [];
  const state = JSON.parse(readFileSync(E2E.storageState, "utf8")) as { cookies: Array<{ value: string }> };
  return state.cookies.map((cookie) => cookie.value).filter((value) => value.length >= 16);
}

/** The names of the secrets found in a piece of text. */
export function secretsIn(text: string, secrets: Record<string, string> = SECRETS): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value && text.includes(value))
    .map(([name]) => name);
}

/** The hidden fields of a page's form: what a browser without JavaScript (or another site's form) posts with it. */
export function hiddenFields(html: string): Record<string, string> {
  const unescape = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g)) {
    fields[unescape(match[1]!)] = unescape(match[2] ?? "");
  }
  return fields;
}

/** Console errors, uncaught exceptions and failed requests of a page, as they come. */
export function pageProblems(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (message) => {
    // Playwright itself tries to run its scripts in every frame, and Chromium logs the refusal of a
    // sandboxed one (an email's HTML, shown with sandbox=""); no real visitor sees it
    // (microsoft/playwright#33343).
    if (message.text().startsWith("Blocked script execution in 'about:srcdoc'")) return;
    if (message.type() === "error") found.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => found.push(`exception: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) found.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return found;
}
