// Single sign-on settings, read from the environment. SSO is off unless OIDC_ISSUER is set; once
// it is, every other variable is checked at start, so a typo in a group mapping fails with the
// variable's name instead of quietly giving someone the wrong role at their first sign-in.
import { ROLES, isRole, type Role } from "@/lib/auth/roles";

const DEFAULT_GROUPS_CLAIM = "groups";
const DEFAULT_ROLE: Role = "viewer";

export interface SsoConfig {
  /** The OpenID provider's issuer identifier, e.g. https://login.example.com. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Lowercased email domains that may sign in; empty lets any domain in. */
  allowedDomains: string[];
  /** The role of a user in no mapped group; null refuses such a user. */
  defaultRole: Role | null;
  /** Identity-provider group name (as the provider spells it) → role. */
  groupRoles: Record<string, Role>;
  /** The claim that lists a user's groups. */
  groupsClaim: string;
  /** True for an http issuer on this machine (a provider run for development or tests). */
  allowInsecureIssuer: boolean;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const ROLE_LIST = ROLES.join(", ");

/** An environment variable set to "" counts as unset (as .env files and CI often leave them). */
function value(env: Record<string, string | undefined>, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === "" ? undefined : raw;
}

function parseIssuer(raw: string): { issuer: string; allowInsecureIssuer: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("OIDC_ISSUER: must be a URL such as https://login.example.com");
  }
  if (url.search || url.hash || raw.endsWith("?") || raw.endsWith("#")) {
    throw new Error("OIDC_ISSUER: must not have a query or a fragment (an issuer identifier has neither)");
  }
  if (url.username || url.password) {
    throw new Error("OIDC_ISSUER: must not carry a user name or password");
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === "https:") return { issuer: raw, allowInsecureIssuer: false };
  if (url.protocol === "http:" && loopback) return { issuer: raw, allowInsecureIssuer: true };
  if (url.protocol === "http:") {
    throw new Error(
      `OIDC_ISSUER: must use https (http is allowed only for 127.0.0.1, localhost and ::1, not ${url.hostname})`,
    );
  }
  throw new Error(`OIDC_ISSUER: must use https (got ${url.protocol.replace(/:$/, "")})`);
}

function parseAllowedDomains(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const domains = raw
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  for (const domain of domains) {
    if (!DOMAIN.test(domain)) {
      throw new Error(`OIDC_ALLOWED_DOMAINS: "${domain}" is not an email domain such as example.com`);
    }
  }
  return [...new Set(domains)];
}

function parseDefaultRole(raw: string | undefined): Role | null {
  if (raw === undefined) return DEFAULT_ROLE;
  if (raw === "none") return null;
  if (isRole(raw)) return raw;
  throw new Error(`OIDC_DEFAULT_ROLE: "${raw}" is not a role: use one of ${ROLE_LIST}, or none to refuse`);
}

function parseGroupRoles(raw: string | undefined): Record<string, Role> {
  // A prototype-free object: a group named "constructor" or "__proto__" is just a group.
  const groupRoles: Record<string, Role> = Object.create(null) as Record<string, Role>;
  if (raw === undefined) return groupRoles;
  for (const entry of raw.split(",")) {
    const pair = entry.trim();
    if (pair === "") continue;
    // Roles never hold "=", group names might: split at the last one.
    const at = pair.lastIndexOf("=");
    if (at === -1) {
      throw new Error(`OIDC_GROUP_ROLES: "${pair}" has no role: write group=role, e.g. billing-admins=admin`);
    }
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (group === "") throw new Error(`OIDC_GROUP_ROLES: "${pair}" has no group name before "="`);
    if (!isRole(role)) {
      throw new Error(`OIDC_GROUP_ROLES: "${role}" (for ${group}) is not a role: use one of ${ROLE_LIST}`);
    }
    const earlier = groupRoles[group];
    if (earlier !== undefined && earlier !== role) {
      throw new Error(`OIDC_GROUP_ROLES: ${group} is given two roles, ${earlier} and ${role}`);
    }
    groupRoles[group] = role;
  }
  return groupRoles;
}

function parseGroupsClaim(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_GROUPS_CLAIM;
  if (/\s/.test(raw)) throw new Error(`OIDC_GROUPS_CLAIM: "${raw}" is not a claim name (it holds a space)`);
  return raw;
}

function read(env: Record<string, string | undefined>, rawIssuer: string): SsoConfig {
  const { issuer, allowInsecureIssuer } = parseIssuer(rawIssuer);
  const clientId = value(env, "OIDC_CLIENT_ID");
  if (clientId === undefined) throw new Error("OIDC_CLIENT_ID: must be set when OIDC_ISSUER is set");
  const clientSecret = value(env, "OIDC_CLIENT_SECRET");
  if (clientSecret === undefined) throw new Error("OIDC_CLIENT_SECRET: must be set when OIDC_ISSUER is set");
  const defaultRole = parseDefaultRole(value(env, "OIDC_DEFAULT_ROLE"));
  const groupRoles = parseGroupRoles(value(env, "OIDC_GROUP_ROLES"));
  if (defaultRole === null && Object.keys(groupRoles).length === 0) {
    throw new Error("OIDC_DEFAULT_ROLE: is none but OIDC_GROUP_ROLES maps no group, so nobody could sign in");
  }
  return {
    issuer,
    clientId,
    clientSecret,
    allowedDomains: parseAllowedDomains(value(env, "OIDC_ALLOWED_DOMAINS")),
    defaultRole,
    groupRoles,
    groupsClaim: parseGroupsClaim(value(env, "OIDC_GROUPS_CLAIM")),
    allowInsecureIssuer,
  };
}

/**
 * The SSO settings in an environment (process.env in production, a plain object in tests), or
 * null when OIDC_ISSUER is unset and SSO is off. Throws an Error whose message starts with the
 * name of the variable that is wrong.
 */
export function readSsoConfig(env: Record<string, string | undefined>): SsoConfig | null {
  const issuer = value(env, "OIDC_ISSUER");
  if (issuer === undefined) return null;
  try {
    return read(env, issuer);
  } catch (err) {
    // Messages quote what was typed; a secret pasted into the wrong variable must not reach a log.
    const secret = value(env, "OIDC_CLIENT_SECRET");
    if (err instanceof Error && secret && secret.length >= 4 && err.message.includes(secret)) {
      throw new Error(err.message.split(secret).join("***"));
    }
    throw err;
  }
}
