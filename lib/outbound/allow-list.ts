// Which private addresses the engine may send to. Webhooks, HTTP requests and Slack messages go
// where an automation says, and an automation is data a person types: without a guard, "send to
// http://169.254.169.254/…" or "http://localhost:5432" would make this server a way into the
// network it runs in. So every address on a private, loopback, link-local or otherwise
// non-public range is refused — unless OUTBOUND_ALLOW_LIST names its host, address or range.
import { BlockList, isIP } from "node:net";

/** Ranges that are not the public internet (RFC 6890 and friends). */
const NOT_PUBLIC_V4 = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const;

const NOT_PUBLIC_V6 = [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const;

const notPublic = new BlockList();
for (const [network, prefix] of NOT_PUBLIC_V4) notPublic.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of NOT_PUBLIC_V6) notPublic.addSubnet(network, prefix, "ipv6");

/** ::ffff:10.0.0.1 is 10.0.0.1: a mapped address is judged as the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } | null {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  const version = isIP(bare);
  if (version === 4) return { address: bare, family: "ipv4" };
  if (version !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (hexMapped?.[1] && hexMapped[2]) {
    const high = parseInt(hexMapped[1], 16);
    const low = parseInt(hexMapped[2], 16);
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join("."), family: "ipv4" };
  }
  return { address: bare, family: "ipv6" };
}

/** True for an IP address outside the public internet (loopback, private, link-local, reserved). */
export function isPrivateAddress(address: string): boolean {
  const ip = unmapped(address);
  // Not an address at all: nothing to connect to, so nothing to allow.
  if (!ip) return true;
  return notPublic.check(ip.address, ip.family);
}

/** Host names that always mean this machine, whatever DNS says. */
export function isLocalHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

export interface AllowList {
  /** As configured, for the Settings page and the logs. */
  entries: readonly string[];
  /** True when the host name, or the address it resolved to, is allowed. */
  allows(host: string, address?: string): boolean;
}

const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/** Why an OUTBOUND_ALLOW_LIST entry cannot be read, or null when it can. */
export function allowListEntryProblem(entry: string): string | null {
  const [network, prefix, extra] = entry.split("/");
  if (extra !== undefined) return `"${entry}" is not a host name, IP address or CIDR range`;
  if (prefix !== undefined) {
    const ip = network ? unmapped(network) : null;
    const max = ip?.family === "ipv4" ? 32 : 128;
    if (!ip || !/^\d+$/.test(prefix) || Number(prefix) > max) {
      return `"${entry}" is not a CIDR range such as 10.0.0.0/8`;
    }
    return null;
  }
  if (unmapped(entry)) return null;
  return HOST_NAME.test(entry) ? null : `"${entry}" is not a host name, IP address or CIDR range`;
}

/** "127.0.0.1, 10.0.0.0/8, billing.internal, *.svc.cluster.local" → an AllowList (entries already checked). */
export function parseAllowList(entries: readonly string[]): AllowList {
  const ranges = new BlockList();
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of entries) {
    const [network = "", prefix] = entry.split("/");
    const ip = unmapped(network);
    if (ip && prefix !== undefined) ranges.addSubnet(ip.address, Number(prefix), ip.family);
    else if (ip) ranges.addAddress(ip.address, ip.family);
    else if (entry.startsWith("*.")) suffixes.push(entry.slice(1).toLowerCase());
    else names.add(entry.toLowerCase());
  }
  const hostAllowed = (host: string) => {
    const name = host.toLowerCase().replace(/\.$/, "");
    return names.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
  };
  const addressAllowed = (address: string) => {
    const ip = unmapped(address);
    return ip !== null && ranges.check(ip.address, ip.family);
  };
  return {
    entries,
    allows: (host, address) => hostAllowed(host) || addressAllowed(address ?? host),
  };
}

export const EMPTY_ALLOW_LIST = parseAllowList([]);

/**
 * Why the engine would refuse to send to this URL as written, or null. Only what the URL itself
 * says is judged here (an IP address, localhost); a name that resolves to a private address is
 * refused when the request is made, after the lookup (lib/outbound/post.ts).
 */
export function privateUrlProblem(url: string, allowList: AllowList): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return null;
  }
  const literal = unmapped(host) !== null;
  if (!literal && !isLocalHostName(host)) return null;
  if (literal && !isPrivateAddress(host)) return null;
  if (allowList.allows(host)) return null;
  return `${host} is a private or loopback address, which the engine does not send to: add it to OUTBOUND_ALLOW_LIST on the server to allow it`;
}
