// Single sign-on against a real OpenID provider on this machine: the redirect, the provider's
// sign-in page, the code exchange, the claims read from the ID token (or userinfo), and the checks
// that refuse a callback that does not belong to the sign-in the app started. No database: the
// SSO module decides who signed in and as what; sessions and users are the login page's business.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readSsoConfig, type SsoConfig } from "@/lib/sso/config";
import { beginSignIn, completeSignIn, forgetDiscovery, SsoError } from "@/lib/sso/oidc-client";
import { roleForIdentity } from "@/lib/sso/role-for-identity";
import { startOidcProvider, type OidcTestProvider } from "../support/oidc-provider";

// Nothing listens here: the test reads the provider's redirect to it and stops.
const REDIRECT_URI = "http://127.0.0.1:65535/login/sso/callback";
const CLIENT_ID = "billing-automations";
const CLIENT_SECRET = "sso-test-secret-5d1f0c8b";

/** Cookies as a browser keeps them for one host: by name and path, dropped when they expire. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", setting = ""] = attribute.split("=", 2);
        if (key.toLowerCase() === "path") path = setting;
        if (key.toLowerCase() === "expires" && Date.parse(setting) <= Date.now()) expired = true;
        if (key.toLowerCase() === "max-age" && Number(setting) <= 0) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter(({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith("/") ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
  }
}

/**
 * Goes through the provider as a browser would: follows its redirects, presses "Sign in as …"
 * (or "Cancel") on its page, and returns the URL it finally sends the browser to at the app.
 */
async function throughProvider(start: URL, jar = new CookieJar(), press: "login" | "abort" = "login"): Promise<URL> {
  let url = start;
  let method = "GET";
  for (let hop = 0; hop < 10; hop++) {
    if (`${url.origin}${url.pathname}` === REDIRECT_URI) return url;
    const response = await fetch(url, { method, redirect: "manual", headers: { cookie: jar.header(url) } });
    jar.store(response.headers.getSetCookie());
    const location = response.headers.get("location");
    if (location) {
      await response.body?.cancel();
      url = new URL(location, url);
      method = "GET";
      continue;
    }
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const action = new RegExp(`<form method="post" action="(/interaction/[^"]+/${press})">`).exec(html)?.[1];
    if (!action) throw new Error(`no ${press} form on the provider's page: ${html}`);
    url = new URL(action, url);
    method = "POST";
  }
  throw new Error(`the provider redirected more than 10 times, last to ${url.href}`);
}

async function refusal(promise: Promise<unknown>): Promise<SsoError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SsoError) return err;
    throw err;
  }
  throw new Error("expected the sign-in to be refused with an SsoError");
}

function ssoConfig(issuer: string, env: Record<string, string> = {}): SsoConfig {
  const config = readSsoConfig({
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_GROUP_ROLES: "billing-admins=admin,billing-ops=operator",
    ...env,
  });
  if (!config) throw new Error("expected an SSO configuration");
  return config;
}

let idp: OidcTestProvider;
let config: SsoConfig;

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI] }],
  });
  config = ssoConfig(idp.issuer);
});

afterAll(async () => {
  forgetDiscovery();
  await idp?.close();
});

describe("sign-in through the identity provider", () => {
  it("redirects with PKCE, state and nonce, and reads the identity from the ID token", async () => {
    idp.setNextAccount({ email: "ada@example.com", name: "Ada Lovelace", groups: ["billing-ops", "staff"] });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    expect(url.origin).toBe(idp.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid email profile",
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.has("code_verifier")).toBe(false);

    const callback = await throughProvider(url);
    expect(callback.searchParams.get("state")).toBe(pending.state);
    expect(callback.searchParams.get("code")).toBeTruthy();

    const identity = await completeSignIn(config, REDIRECT_URI, callback, pending);
    expect(identity).toEqual({
      subject: "ada@example.com",
      email: "ada@example.com",
      emailVerified: true,
      name: "Ada Lovelace",
      groups: ["billing-ops", "staff"],
    });
    expect(roleForIdentity(identity, config)).toEqual({ ok: true, role: "operator" });
    // Everything came in the ID token.
    expect(idp.requests).not.toContain("GET /me");
  });

  it("discovers the provider once, not at every sign-in", async () => {
    const discoveries = () => idp.requests.filter((line) => line === "GET /.well-known/openid-configuration").length;
    forgetDiscovery();
    const before = discoveries();
    await beginSignIn(config, REDIRECT_URI);
    await beginSignIn(config, REDIRECT_URI);
    expect(discoveries()).toBe(before + 1);
  });

  it("maps several groups to the highest role, and no group to the default role", async () => {
    idp.setNextAccount({ email: "grace@example.com", groups: ["billing-ops", "billing-admins"] });
    let { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const admin = await completeSignIn(config, REDIRECT_URI, await throughProvider(url), pending);
    expect(admin).toMatchObject({ email: "grace@example.com", name: null });
    expect(roleForIdentity(admin, config)).toEqual({ ok: true, role: "admin" });

    idp.setNextAccount({ email: "linus@example.org" });
    ({ url, pending } = await beginSignIn(config, REDIRECT_URI));
    const groupless = await completeSignIn(config, REDIRECT_URI, await throughProvider(url), pending);
    expect(groupless).toMatchObject({ email: "linus@example.org", groups: [] });
    expect(roleForIdentity(groupless, config)).toEqual({ ok: true, role: "viewer" });
    expect(roleForIdentity(groupless, { ...config, defaultRole: null })).toMatchObject({ ok: false });
    expect(roleForIdentity(groupless, { ...config, allowedDomains: ["example.com"] })).toEqual({
      ok: false,
      reason: "accounts at example.org may not sign in here",
    });
  });

  it("passes on an unverified email as unverified, and refuses it", async () => {
    idp.setNextAccount({ email: "eve@example.com", emailVerified: false, groups: ["billing-admins"] });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const identity = await completeSignIn(config, REDIRECT_URI, await throughProvider(url), pending);
    expect(identity).toMatchObject({ email: "eve@example.com", emailVerified: false, groups: ["billing-admins"] });
    expect(roleForIdentity(identity, config)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("has not verified the email eve@example.com"),
    });
  });

  it("signs in again as the next account in a browser that is still signed in as another", async () => {
    const jar = new CookieJar();
    idp.setNextAccount({ email: "ada@example.com", groups: ["billing-ops"] });
    let { url, pending } = await beginSignIn(config, REDIRECT_URI);
    expect((await completeSignIn(config, REDIRECT_URI, await throughProvider(url, jar), pending)).email).toBe(
      "ada@example.com",
    );

    idp.setNextAccount({ email: "grace@example.com", groups: ["billing-admins"] });
    ({ url, pending } = await beginSignIn(config, REDIRECT_URI));
    const second = await completeSignIn(config, REDIRECT_URI, await throughProvider(url, jar), pending);
    expect(second).toMatchObject({ email: "grace@example.com", groups: ["billing-admins"] });
  });

  it("reads email and groups from userinfo when the provider leaves them out of the ID token", async () => {
    const strict = await startOidcProvider({
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI] }],
      claimsInIdToken: false,
    });
    try {
      const strictConfig = ssoConfig(strict.issuer);
      strict.setNextAccount({ email: "ada@example.com", name: "Ada Lovelace", groups: ["billing-admins"] });
      const { url, pending } = await beginSignIn(strictConfig, REDIRECT_URI);
      const identity = await completeSignIn(strictConfig, REDIRECT_URI, await throughProvider(url), pending);
      expect(identity).toEqual({
        subject: "ada@example.com",
        email: "ada@example.com",
        emailVerified: true,
        name: "Ada Lovelace",
        groups: ["billing-admins"],
      });
      expect(strict.requests).toContain("GET /me");
    } finally {
      await strict.close();
    }
  });
});

describe("callbacks that do not belong to the sign-in", () => {
  function expectNoLeak(error: SsoError, code: string | null) {
    for (const text of [error.message, error.reason, error.detail ?? ""]) {
      expect(text).not.toContain(CLIENT_SECRET);
      if (code) expect(text).not.toContain(code);
    }
  }

  it("refuses a tampered state", async () => {
    idp.setNextAccount({ email: "ada@example.com" });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const callback = await throughProvider(url);
    callback.searchParams.set("state", "forged-state");
    const error = await refusal(completeSignIn(config, REDIRECT_URI, callback, pending));
    expect(error.reason).toMatch(/^the sign-in was not completed: state mismatch/);
    expectNoLeak(error, callback.searchParams.get("code"));

    // The untouched callback still works: the state check refused before the code was spent.
    callback.searchParams.set("state", pending.state);
    expect((await completeSignIn(config, REDIRECT_URI, callback, pending)).email).toBe("ada@example.com");
  });

  it("refuses a callback kept from another sign-in (state and nonce of that one)", async () => {
    idp.setNextAccount({ email: "ada@example.com" });
    const first = await beginSignIn(config, REDIRECT_URI);
    const second = await beginSignIn(config, REDIRECT_URI);
    const callback = await throughProvider(first.url);
    const error = await refusal(completeSignIn(config, REDIRECT_URI, callback, second.pending));
    expect(error.reason).toMatch(/state mismatch/);
  });

  it("refuses an ID token whose nonce is not this sign-in's", async () => {
    idp.setNextAccount({ email: "ada@example.com" });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const callback = await throughProvider(url);
    const error = await refusal(
      completeSignIn(config, REDIRECT_URI, callback, { ...pending, nonce: "another-sign-ins-nonce" }),
    );
    expect(error.reason).toMatch(/^the sign-in was not completed: nonce mismatch/);
    expectNoLeak(error, callback.searchParams.get("code"));
  });

  it("refuses a code without its PKCE verifier", async () => {
    idp.setNextAccount({ email: "ada@example.com" });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const callback = await throughProvider(url);
    const error = await refusal(
      completeSignIn(config, REDIRECT_URI, callback, { ...pending, codeVerifier: "x".repeat(43) }),
    );
    expect(error.reason).toMatch(/refused the sign-in code/);
    expectNoLeak(error, callback.searchParams.get("code"));
  });

  it("refuses a code used twice", async () => {
    idp.setNextAccount({ email: "ada@example.com" });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const callback = await throughProvider(url);
    await completeSignIn(config, REDIRECT_URI, callback, pending);
    const error = await refusal(completeSignIn(config, REDIRECT_URI, callback, pending));
    expect(error.reason).toMatch(/refused the sign-in code .*already used/);
    expectNoLeak(error, callback.searchParams.get("code"));
  });

  it("refuses a callback with no code", async () => {
    const { pending } = await beginSignIn(config, REDIRECT_URI);
    const callback = new URL(`${REDIRECT_URI}?state=${pending.state}&iss=${encodeURIComponent(idp.issuer)}`);
    const error = await refusal(completeSignIn(config, REDIRECT_URI, callback, pending));
    expect(error.reason).toBe("the sign-in was not completed: the callback carries no code");
  });

  it("reports a sign-in cancelled at the provider", async () => {
    idp.setNextAccount({ email: "ada@example.com" });
    const { url, pending } = await beginSignIn(config, REDIRECT_URI);
    const callback = await throughProvider(url, new CookieJar(), "abort");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    const error = await refusal(completeSignIn(config, REDIRECT_URI, callback, pending));
    expect(error.reason).toBe("the identity provider did not let you sign in (access denied)");
  });

  it("reports a client secret the provider does not accept, without repeating it", async () => {
    const wrongSecret = "not-the-registered-secret";
    const wrong = ssoConfig(idp.issuer, { OIDC_CLIENT_SECRET: wrongSecret });
    idp.setNextAccount({ email: "ada@example.com" });
    const { url, pending } = await beginSignIn(wrong, REDIRECT_URI);
    const callback = await throughProvider(url);
    const error = await refusal(completeSignIn(wrong, REDIRECT_URI, callback, pending));
    expect(error.reason).toBe(
      "the sign-in was not completed: the identity provider does not accept this app's client ID and secret",
    );
    for (const text of [error.message, error.detail ?? ""]) expect(text).not.toContain(wrongSecret);
  });

  it("reports an identity provider it cannot reach", async () => {
    const unreachable = ssoConfig("http://127.0.0.1:9");
    const error = await refusal(beginSignIn(unreachable, REDIRECT_URI));
    expect(error.reason).toMatch(/^the identity provider at http:\/\/127\.0\.0\.1:9 could not be reached/);
  });
});
