// The admin UI writes through server actions: POSTs to a page's URL that carry the session cookie.
// SameSite=Lax keeps the cookie off POSTs from other sites, but not from sibling subdomains (the
// same "site"), and Next.js's own check of server actions answers a refused one with a 500. This
// check runs first, in proxy.ts, for every write to a page, and answers 403.

/** Methods that change nothing, so a cross-site one is harmless (and a link from anywhere must work). */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

interface HeaderReader {
  get(name: string): string | null;
}

const firstEntry = (value: string | null) => value?.split(",")[0]?.trim() || undefined;

/**
 * True when a browser sent this write from a page of another origin. A browser says where a request
 * comes from in Sec-Fetch-Site (recent browsers) and always sends Origin with a POST; the origin's
 * host must be this server's, as the client reached it (X-Forwarded-Host behind a proxy, the same
 * rule Next.js applies to server actions). A request with neither header does not come from a
 * browser page, and so carries no one's cookie but its sender's own.
 */
export function isCrossSiteWrite(method: string, headers: HeaderReader): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    // "null" (a sandboxed frame, a redirect across sites) is not a URL, and not this server.
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const hosts = [firstEntry(headers.get("x-forwarded-host")), firstEntry(headers.get("host"))];
  return !hosts.includes(originHost);
}
