// Security headers for every response of the app, in the shape next.config.js's `headers()` takes.
// Self-contained on purpose (no imports): the Next config loads it before anything else is set up.

export interface HttpHeader {
  key: string;
  value: string;
}

/**
 * The Content-Security-Policy, one directive a line.
 *
 * script-src allows 'unsafe-inline' because Next.js streams inline bootstrap scripts
 * (`self.__next_f.push(…)`) with every page; without per-request nonces (which force every page to
 * render dynamically, through a proxy that mints them) the browser would block them and nothing
 * would hydrate. The risk is bounded by `default-src 'self'` and `connect-src 'self'`: an injected
 * script can load nothing and send nothing to another origin. `next dev` also needs
 * 'unsafe-eval' (React rebuilds server stacks with eval in development only).
 */
export function contentSecurityPolicy(options: { development?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(options.development ? ["'unsafe-eval'"] : [])],
    // Next.js and React inject inline style attributes and tags (route announcer, error overlay).
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** Headers every response carries. Strict-Transport-Security is the one below, sent over https only. */
export function securityHeaders(options: { development?: boolean } = {}): HttpHeader[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "same-origin" },
    // For browsers that predate CSP's frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}

/**
 * Strict-Transport-Security, for responses that reached the browser over https: the app itself
 * serves plain http, behind a TLS-terminating proxy that says so in X-Forwarded-Proto. Once a
 * browser has been to the instance over https, it never goes back to http for a year. Only this
 * host: includeSubDomains would bind every other service of the domain too. (Over plain http, say
 * 127.0.0.1, browsers ignore the header; it is left out there all the same.)
 */
export const STRICT_TRANSPORT_SECURITY: HttpHeader = {
  key: "Strict-Transport-Security",
  value: "max-age=31536000",
};
