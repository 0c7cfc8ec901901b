import { describe, expect, it } from "vitest";

import { readSsoConfig } from "@/lib/sso/config";

const SECRET = "oidc-secret-4f7a9c2e";
const BASE = {
  OIDC_ISSUER: "https://login.example.com",
  OIDC_CLIENT_ID: "billing-automations",
  OIDC_CLIENT_SECRET: SECRET,
};

function failure(env: Record<string, string | undefined>): string {
  try {
    readSsoConfig(env);
  } catch (err) {
    if (err instanceof Error) return err.message;
    throw err;
  }
  throw new Error("expected readSsoConfig to throw");
}

describe("readSsoConfig", () => {
  it("is off (null) while OIDC_ISSUER is unset or empty, whatever else is set", () => {
    expect(readSsoConfig({})).toBeNull();
    expect(readSsoConfig({ OIDC_ISSUER: "", OIDC_GROUP_ROLES: "nonsense" })).toBeNull();
    expect(readSsoConfig({ OIDC_ISSUER: "  ", OIDC_CLIENT_ID: "x" })).toBeNull();
  });

  it("applies the defaults: any domain, viewer, no group mapping, the groups claim", () => {
    expect(readSsoConfig(BASE)).toEqual({
      issuer: "https://login.example.com",
      clientId: "billing-automations",
      clientSecret: SECRET,
      allowedDomains: [],
      defaultRole: "viewer",
      groupRoles: {},
      groupsClaim: "groups",
      allowInsecureIssuer: false,
    });
  });

  it("treats the other variables set to the empty string as unset", () => {
    const config = readSsoConfig({
      ...BASE,
      OIDC_ALLOWED_DOMAINS: "",
      OIDC_DEFAULT_ROLE: "",
      OIDC_GROUP_ROLES: "",
      OIDC_GROUPS_CLAIM: "",
    });
    expect(config).toMatchObject({ allowedDomains: [], defaultRole: "viewer", groupRoles: {}, groupsClaim: "groups" });
  });

  it("reads every variable", () => {
    const config = readSsoConfig({
      OIDC_ISSUER: " https://example.okta.com/oauth2/default ",
      OIDC_CLIENT_ID: " 0oa1b2c3 ",
      OIDC_CLIENT_SECRET: SECRET,
      OIDC_ALLOWED_DOMAINS: "Example.com, ops.example.org,,example.com",
      OIDC_DEFAULT_ROLE: "operator",
      OIDC_GROUP_ROLES: "billing-admins=admin, billing-ops = operator,Finance Team=editor,",
      OIDC_GROUPS_CLAIM: "https://example.com/groups",
    });
    expect(config).toEqual({
      issuer: "https://example.okta.com/oauth2/default",
      clientId: "0oa1b2c3",
      clientSecret: SECRET,
      allowedDomains: ["example.com", "ops.example.org"],
      defaultRole: "operator",
      groupRoles: { "billing-admins": "admin", "billing-ops": "operator", "Finance Team": "editor" },
      groupsClaim: "https://example.com/groups",
      allowInsecureIssuer: false,
    });
  });

  it("allows http only for an issuer on this machine, and says so", () => {
    for (const issuer of ["http://127.0.0.1:9090", "http://localhost:8080/realms/dev", "http://[::1]:4000"]) {
      expect(readSsoConfig({ ...BASE, OIDC_ISSUER: issuer })).toMatchObject({ issuer, allowInsecureIssuer: true });
    }
    expect(failure({ ...BASE, OIDC_ISSUER: "http://login.example.com" })).toMatch(
      /^OIDC_ISSUER: must use https .*not login\.example\.com/,
    );
    expect(failure({ ...BASE, OIDC_ISSUER: "http://10.0.0.5" })).toMatch(/^OIDC_ISSUER: must use https/);
    expect(failure({ ...BASE, OIDC_ISSUER: "ftp://login.example.com" })).toBe("OIDC_ISSUER: must use https (got ftp)");
  });

  it("refuses an issuer that is not an issuer identifier", () => {
    expect(failure({ ...BASE, OIDC_ISSUER: "login.example.com" })).toBe(
      "OIDC_ISSUER: must be a URL such as https://login.example.com",
    );
    expect(failure({ ...BASE, OIDC_ISSUER: "https://login.example.com/?tenant=1" })).toMatch(
      /^OIDC_ISSUER: must not have a query or a fragment/,
    );
    expect(failure({ ...BASE, OIDC_ISSUER: "https://login.example.com/#x" })).toMatch(/^OIDC_ISSUER: must not have/);
    expect(failure({ ...BASE, OIDC_ISSUER: "https://user:pw@login.example.com" })).toMatch(
      /^OIDC_ISSUER: must not carry a user name or password/,
    );
  });

  it("requires the client ID and secret once the issuer is set", () => {
    expect(failure({ OIDC_ISSUER: BASE.OIDC_ISSUER, OIDC_CLIENT_SECRET: SECRET })).toBe(
      "OIDC_CLIENT_ID: must be set when OIDC_ISSUER is set",
    );
    expect(failure({ ...BASE, OIDC_CLIENT_SECRET: "" })).toBe(
      "OIDC_CLIENT_SECRET: must be set when OIDC_ISSUER is set",
    );
  });

  it("refuses an allowed domain that is not a domain", () => {
    expect(failure({ ...BASE, OIDC_ALLOWED_DOMAINS: "example.com,@example.org" })).toBe(
      'OIDC_ALLOWED_DOMAINS: "@example.org" is not an email domain such as example.com',
    );
    expect(failure({ ...BASE, OIDC_ALLOWED_DOMAINS: "*.example.com" })).toMatch(/^OIDC_ALLOWED_DOMAINS: "\*\.example/);
    expect(failure({ ...BASE, OIDC_ALLOWED_DOMAINS: "localhost" })).toMatch(/^OIDC_ALLOWED_DOMAINS: "localhost"/);
  });

  it("reads none as the default role that refuses users in no mapped group", () => {
    expect(
      readSsoConfig({ ...BASE, OIDC_DEFAULT_ROLE: "none", OIDC_GROUP_ROLES: "billing-admins=admin" }),
    ).toMatchObject({ defaultRole: null, groupRoles: { "billing-admins": "admin" } });
    expect(failure({ ...BASE, OIDC_DEFAULT_ROLE: "none" })).toBe(
      "OIDC_DEFAULT_ROLE: is none but OIDC_GROUP_ROLES maps no group, so nobody could sign in",
    );
  });

  it("refuses a default role that is not a role", () => {
    expect(failure({ ...BASE, OIDC_DEFAULT_ROLE: "superuser" })).toBe(
      'OIDC_DEFAULT_ROLE: "superuser" is not a role: use one of viewer, operator, editor, admin, or none to refuse',
    );
    expect(failure({ ...BASE, OIDC_DEFAULT_ROLE: "Admin" })).toMatch(/^OIDC_DEFAULT_ROLE: "Admin" is not a role/);
  });

  it("refuses a group mapping it cannot read, naming the entry", () => {
    expect(failure({ ...BASE, OIDC_GROUP_ROLES: "billing-admins=admin,billing-ops" })).toBe(
      'OIDC_GROUP_ROLES: "billing-ops" has no role: write group=role, e.g. billing-admins=admin',
    );
    expect(failure({ ...BASE, OIDC_GROUP_ROLES: "billing-ops=owner" })).toBe(
      'OIDC_GROUP_ROLES: "owner" (for billing-ops) is not a role: use one of viewer, operator, editor, admin',
    );
    expect(failure({ ...BASE, OIDC_GROUP_ROLES: "=admin" })).toBe(
      'OIDC_GROUP_ROLES: "=admin" has no group name before "="',
    );
    expect(failure({ ...BASE, OIDC_GROUP_ROLES: "billing-ops=" })).toMatch(/^OIDC_GROUP_ROLES: "" \(for billing-ops\)/);
    expect(failure({ ...BASE, OIDC_GROUP_ROLES: "ops=viewer,ops=admin" })).toBe(
      "OIDC_GROUP_ROLES: ops is given two roles, viewer and admin",
    );
  });

  it("keeps a group name with '=' in it, and groups named like Object properties", () => {
    const config = readSsoConfig({ ...BASE, OIDC_GROUP_ROLES: "a=b=operator,constructor=admin,__proto__=editor" });
    expect(Object.entries(config?.groupRoles ?? {})).toEqual([
      ["a=b", "operator"],
      ["constructor", "admin"],
      ["__proto__", "editor"],
    ]);
  });

  it("refuses a groups claim name with a space", () => {
    expect(failure({ ...BASE, OIDC_GROUPS_CLAIM: "my groups" })).toBe(
      'OIDC_GROUPS_CLAIM: "my groups" is not a claim name (it holds a space)',
    );
  });

  it("never puts the client secret in a message, even when it was typed into another variable", () => {
    const messages = [
      failure({ ...BASE, OIDC_GROUP_ROLES: SECRET }),
      failure({ ...BASE, OIDC_DEFAULT_ROLE: SECRET }),
      failure({ ...BASE, OIDC_ALLOWED_DOMAINS: `example.com,${SECRET}` }),
      failure({ ...BASE, OIDC_ISSUER: `http://${SECRET}.example.com` }),
      failure({ ...BASE, OIDC_CLIENT_ID: "" }),
    ];
    for (const message of messages) {
      expect(message).toMatch(/^OIDC_[A-Z_]+: /);
      expect(message).not.toContain(SECRET);
    }
  });
});
