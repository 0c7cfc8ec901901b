import { describe, expect, it } from "vitest";

import { readSsoConfig, type SsoConfig } from "@/lib/sso/config";
import type { SsoIdentity } from "@/lib/sso/oidc-client";
import { roleForIdentity } from "@/lib/sso/role-for-identity";

function config(env: Record<string, string> = {}): SsoConfig {
  const read = readSsoConfig({
    OIDC_ISSUER: "https://login.example.com",
    OIDC_CLIENT_ID: "billing-automations",
    OIDC_CLIENT_SECRET: "oidc-secret",
    OIDC_GROUP_ROLES: "billing-admins=admin,billing-editors=editor,billing-ops=operator",
    ...env,
  });
  if (!read) throw new Error("expected an SSO configuration");
  return read;
}

const ada: SsoIdentity = {
  subject: "00u1ada",
  email: "ada@example.com",
  emailVerified: true,
  name: "Ada Lovelace",
  groups: [],
};

describe("roleForIdentity", () => {
  it("gives the default role to a verified user in no mapped group", () => {
    expect(roleForIdentity(ada, config())).toEqual({ ok: true, role: "viewer" });
    expect(roleForIdentity({ ...ada, groups: ["everyone"] }, config({ OIDC_DEFAULT_ROLE: "operator" }))).toEqual({
      ok: true,
      role: "operator",
    });
  });

  it("gives the role of a mapped group, and the highest of several", () => {
    expect(roleForIdentity({ ...ada, groups: ["staff", "billing-ops"] }, config())).toEqual({
      ok: true,
      role: "operator",
    });
    expect(roleForIdentity({ ...ada, groups: ["billing-ops", "billing-admins", "billing-editors"] }, config())).toEqual(
      {
        ok: true,
        role: "admin",
      },
    );
    expect(roleForIdentity({ ...ada, groups: ["billing-editors", "billing-ops"] }, config())).toEqual({
      ok: true,
      role: "editor",
    });
  });

  it("lets a mapped group give less than the default role: the mapping decides", () => {
    const roles = config({ OIDC_DEFAULT_ROLE: "operator", OIDC_GROUP_ROLES: "contractors=viewer" });
    expect(roleForIdentity({ ...ada, groups: ["contractors"] }, roles)).toEqual({ ok: true, role: "viewer" });
  });

  it("refuses an email the provider has not verified, whatever the groups", () => {
    const decision = roleForIdentity({ ...ada, emailVerified: false, groups: ["billing-admins"] }, config());
    expect(decision).toEqual({
      ok: false,
      reason: "your identity provider has not verified the email ada@example.com, so it cannot be used to sign in here",
    });
  });

  it("refuses an email outside the allowed domains, naming the domain", () => {
    const roles = config({ OIDC_ALLOWED_DOMAINS: "example.com,example.org" });
    expect(roleForIdentity({ ...ada, email: "ada@Example.ORG" }, roles)).toEqual({ ok: true, role: "viewer" });
    expect(roleForIdentity({ ...ada, email: "mallory@evil.test", groups: ["billing-admins"] }, roles)).toEqual({
      ok: false,
      reason: "accounts at evil.test may not sign in here",
    });
    // A subdomain is another domain: it has to be listed itself.
    expect(roleForIdentity({ ...ada, email: "ada@eu.example.com" }, roles)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("eu.example.com"),
    });
  });

  it("judges an address by what follows its last @", () => {
    const roles = config({ OIDC_ALLOWED_DOMAINS: "example.com" });
    expect(roleForIdentity({ ...ada, email: '"ada@example.com"@evil.test' }, roles)).toMatchObject({ ok: false });
    expect(roleForIdentity({ ...ada, email: "not-an-address" }, roles)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not an email address"),
    });
  });

  it("refuses a user in no mapped group when the default role is none", () => {
    const roles = config({ OIDC_DEFAULT_ROLE: "none" });
    expect(roleForIdentity({ ...ada, groups: ["staff"] }, roles)).toEqual({
      ok: false,
      reason: "none of your groups at the identity provider is given a role here: ask an administrator for access",
    });
    expect(roleForIdentity({ ...ada, groups: ["staff", "billing-ops"] }, roles)).toEqual({
      ok: true,
      role: "operator",
    });
  });

  it("does not mistake a group named like an Object property for a mapping", () => {
    const roles = config({ OIDC_DEFAULT_ROLE: "none" });
    expect(roleForIdentity({ ...ada, groups: ["constructor", "toString", "__proto__"] }, roles)).toMatchObject({
      ok: false,
    });
    const plain = { ...roles, groupRoles: { "billing-ops": "operator" as const } };
    expect(roleForIdentity({ ...ada, groups: ["hasOwnProperty", "billing-ops"] }, plain)).toEqual({
      ok: true,
      role: "operator",
    });
  });
});
