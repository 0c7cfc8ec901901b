/**
 * The origin the browser reached this server at: X-Forwarded-Proto and X-Forwarded-Host behind a
 * proxy (the hosts the cross-site check trusts too), else the Host header. Single sign-on's
 * redirect URI, invitation links and the webhook URL Settings shows are built on it. A host that is
 * not a plain host[:port] (a header someone made up) gives way to the fallback.
 */
export function requestOrigin(headers: { get(name: string): string | null }, fallback: string): string {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host");
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return fallback;
  return `${first("x-forwarded-proto") === "https" ? "https" : "http"}://${host}`;
}
