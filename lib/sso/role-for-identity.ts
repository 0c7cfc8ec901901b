// Who may sign in through the identity provider, and as what. The provider says who a person is;
// this app decides what they may do here: an email the provider vouches for, in a domain the
// team allows, and a role from the groups the provider lists (the highest one wins).
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import type { SsoConfig } from "@/lib/sso/config";
import type { SsoIdentity } from "@/lib/sso/oidc-client";

export type RoleDecision = { ok: true; role: Role } | { ok: false; reason: string };

/** The domain of an email address, lowercased, or null when it is not an address. */
function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

/** The highest role that the identity's groups map to, or null when none is mapped. */
function roleFromGroups(groups: readonly string[], groupRoles: SsoConfig["groupRoles"]): Role | null {
  let best: Role | null = null;
  for (const group of groups) {
    if (!Object.hasOwn(groupRoles, group)) continue;
    const role = groupRoles[group];
    if (role !== undefined && (best === null || roleAtLeast(role, best))) best = role;
  }
  return best;
}

/** The role an SSO sign-in gets, or why it is refused (a sentence to show the person). */
export function roleForIdentity(
  identity: SsoIdentity,
  config: Pick<SsoConfig, "allowedDomains" | "defaultRole" | "groupRoles">,
): RoleDecision {
  // Without a verified email, anyone who can type an address at the provider could be anyone here.
  if (!identity.emailVerified) {
    return {
      ok: false,
      reason: `your identity provider has not verified the email ${identity.email}, so it cannot be used to sign in here`,
    };
  }
  const domain = emailDomain(identity.email);
  if (domain === null) {
    return { ok: false, reason: `your identity provider gave "${identity.email}", which is not an email address` };
  }
  if (config.allowedDomains.length > 0 && !config.allowedDomains.includes(domain)) {
    return { ok: false, reason: `accounts at ${domain} may not sign in here` };
  }
  const role = roleFromGroups(identity.groups, config.groupRoles) ?? config.defaultRole;
  if (role === null) {
    return {
      ok: false,
      reason: "none of your groups at the identity provider is given a role here: ask an administrator for access",
    };
  }
  return { ok: true, role };
}
