// The two halves of an OpenID Connect sign-in (authorization code flow with PKCE): the redirect
// to the identity provider, and the callback that trades the code for an ID token. Everything that
// could let a forged callback in — state, nonce, PKCE, the ID token's signature, issuer and
// audience — is checked by openid-client; this module turns its errors into sentences a person
// can read, without ever repeating the client secret or the code.
import * as oidc from "openid-client";
import type { SsoConfig } from "@/lib/sso/config";

const SCOPE = "openid email profile";
/** For discovery and, after it, every request to the provider. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** What the app keeps (in a short-lived httpOnly cookie) between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the identity provider says signed in. */
export interface SsoIdentity {
  /** The provider's stable identifier for the person (`sub`). */
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  /** The groups claim as the provider sent it; empty when it sent none. */
  groups: string[];
}

/** A sign-in that failed; `reason` is safe to show the person who tried. */
export class SsoError extends Error {
  readonly reason: string;
  /** What the OpenID library said, for the server log (secret and code removed). */
  readonly detail: string | undefined;

  constructor(reason: string, detail?: string) {
    super(reason);
    this.name = "SsoError";
    this.reason = reason;
    this.detail = detail;
  }
}

type ClientSettings = Pick<SsoConfig, "issuer" | "clientId" | "clientSecret" | "allowInsecureIssuer">;

// Discovery (and the provider's keys, which openid-client caches on the Configuration) is fetched
// once per issuer and client, not on every sign-in.
const discovered = new Map<string, { clientSecret: string; configuration: Promise<oidc.Configuration> }>();

/** Forgets every discovered provider (tests that start and stop providers). */
export function forgetDiscovery(): void {
  discovered.clear();
}

/**
 * client_secret_basic, which OpenID Connect assumes when a provider lists no method, unless the
 * provider accepts only client_secret_post. Chosen per request, from the discovered metadata.
 */
function clientAuthentication(clientSecret: string): oidc.ClientAuth {
  const basic = oidc.ClientSecretBasic(clientSecret);
  const post = oidc.ClientSecretPost(clientSecret);
  return (server, client, body, headers) => {
    const methods = server.token_endpoint_auth_methods_supported;
    const postOnly = methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post");
    return (postOnly ? post : basic)(server, client, body, headers);
  };
}

async function discover(settings: ClientSettings): Promise<oidc.Configuration> {
  try {
    return await oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      undefined,
      clientAuthentication(settings.clientSecret),
      {
        execute: settings.allowInsecureIssuer ? [oidc.allowInsecureRequests] : [],
        timeout: REQUEST_TIMEOUT_SECONDS,
      },
    );
  } catch (err) {
    throw new SsoError(
      `the identity provider at ${settings.issuer} could not be reached or did not describe itself (its /.well-known/openid-configuration)`,
      scrub(describe(err), settings),
    );
  }
}

function configurationFor(settings: ClientSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`;
  const cached = discovered.get(key);
  if (cached && cached.clientSecret === settings.clientSecret) return cached.configuration;
  const configuration = discover(settings);
  discovered.set(key, { clientSecret: settings.clientSecret, configuration });
  // A provider that was down a moment ago is asked again at the next sign-in.
  configuration.catch(() => {
    if (discovered.get(key)?.configuration === configuration) discovered.delete(key);
  });
  return configuration;
}

/** The redirect URI exactly as it is registered at the provider (and sent in both requests). */
function normalizedRedirectUri(redirectUri: string): URL {
  const url = new URL(redirectUri);
  url.search = "";
  url.hash = "";
  return url;
}

/** Starts a sign-in: the provider's authorization URL to redirect to, and what to keep until the callback. */
export async function beginSignIn(
  config: SsoConfig,
  redirectUri: string,
): Promise<{ url: URL; pending: PendingSignIn }> {
  const configuration = await configurationFor(config);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: normalizedRedirectUri(redirectUri).href,
    scope: SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/** Some providers send email_verified as the string "true". */
const verified = (value: unknown): boolean => value === true || value === "true";

/** The groups claim: an array of strings (other entries ignored), one string, or nothing. */
function groupsIn(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((group): group is string => typeof group === "string" && group !== "");
}

function nameIn(claims: Record<string, unknown>): string | undefined {
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ");
  return text(claims.name) ?? text(given);
}

/**
 * Finishes a sign-in at the redirect URI: checks the callback against what beginSignIn kept,
 * trades the code for tokens and returns who signed in. Throws SsoError.
 */
export async function completeSignIn(
  config: SsoConfig,
  redirectUri: string,
  callbackUrl: URL,
  pending: PendingSignIn,
): Promise<SsoIdentity> {
  const configuration = await configurationFor(config);
  // The token request must name the registered redirect URI; behind a proxy the URL the callback
  // arrived at may differ in scheme or host, so its query is read onto the configured URI.
  const currentUrl = normalizedRedirectUri(redirectUri);
  currentUrl.search = callbackUrl.search;
  const code = callbackUrl.searchParams.get("code") ?? undefined;

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
  } catch (err) {
    throw new SsoError(scrub(reasonFor(err), config, code), scrub(describe(err), config, code));
  }

  const idToken = tokens.claims();
  if (!idToken) throw new SsoError("the sign-in was not completed: the identity provider sent no ID token");
  let claims: Record<string, unknown> = { ...idToken };
  // Many providers put only `sub` in the ID token and the rest behind the userinfo endpoint.
  if (text(claims.email) === undefined && configuration.serverMetadata().userinfo_endpoint) {
    try {
      const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      claims = { ...userinfo, ...withoutUndefined(claims) };
    } catch (err) {
      throw new SsoError(
        "the sign-in was not completed: the identity provider's userinfo endpoint did not answer as expected",
        scrub(describe(err), config, code),
      );
    }
  }

  const email = text(claims.email);
  if (email === undefined) {
    throw new SsoError(
      "your identity provider did not share an email address: it must release the email claim to this app",
    );
  }
  return {
    subject: idToken.sub,
    email,
    emailVerified: verified(claims.email_verified),
    name: nameIn(claims) ?? null,
    groups: groupsIn(claims[config.groupsClaim]),
  };
}

function withoutUndefined(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

function challengeError(err: oidc.WWWAuthenticateChallengeError): string | undefined {
  return err.cause.find((challenge) => challenge.parameters.error)?.parameters.error;
}

/** What openid-client says went wrong: its message, the provider's error, the wrapped cause, the code. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, error, error_description } = err as Error & Record<"code" | "error" | "error_description", unknown>;
  // The provider's own words, for ResponseBodyError and AuthorizationResponseError.
  const answer =
    typeof error === "string"
      ? `: ${error}${typeof error_description === "string" ? ` (${error_description})` : ""}`
      : "";
  const cause =
    err instanceof oidc.WWWAuthenticateChallengeError
      ? `: ${err.status} ${challengeError(err) ?? "without an error code"}`
      : err.cause instanceof Error
        ? `: ${err.cause.message}`
        : "";
  return `${err.message}${answer}${cause}${typeof code === "string" ? ` [${code}]` : ""}`;
}

/** A sentence for the person signing in, from what went wrong at the callback. */
function reasonFor(err: unknown): string {
  const notCompleted = "the sign-in was not completed";
  if (err instanceof oidc.AuthorizationResponseError) {
    if (err.error === "access_denied") return "the identity provider did not let you sign in (access denied)";
    return `the identity provider refused the sign-in: ${err.error_description ?? err.error}`;
  }
  if (err instanceof oidc.ResponseBodyError) {
    if (err.error === "invalid_client") {
      return `${notCompleted}: the identity provider does not accept this app's client ID and secret`;
    }
    if (err.error === "invalid_grant") {
      return `${notCompleted}: the identity provider refused the sign-in code (expired, already used, or not from this sign-in): please sign in again`;
    }
    return `${notCompleted}: the identity provider answered ${err.error}${err.error_description ? ` (${err.error_description})` : ""}`;
  }
  // A client that fails to authenticate is answered 401 with a WWW-Authenticate challenge.
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    if (err.status === 401 || challengeError(err) === "invalid_client") {
      return `${notCompleted}: the identity provider does not accept this app's client ID and secret`;
    }
    return `${notCompleted}: the identity provider answered ${challengeError(err) ?? `HTTP ${err.status}`}`;
  }
  const detail = describe(err);
  if (/"state"/.test(detail)) return `${notCompleted}: state mismatch (the callback does not belong to this sign-in)`;
  if (/"nonce"/.test(detail)) return `${notCompleted}: nonce mismatch (the ID token does not belong to this sign-in)`;
  if (/"iss"/.test(detail)) return `${notCompleted}: the callback came from another identity provider`;
  if (/no authorization code/i.test(detail)) return `${notCompleted}: the callback carries no code`;
  if (err instanceof oidc.ClientError) {
    if (err.code === "OAUTH_TIMEOUT") return `${notCompleted}: the identity provider did not answer in time`;
    if (err.code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED") {
      return `${notCompleted}: the ID token is expired or not yet valid (check this server's clock)`;
    }
    return `${notCompleted}: the identity provider's answer did not pass the checks (${err.message})`;
  }
  if (err instanceof TypeError) return `${notCompleted}: the identity provider could not be reached`;
  return notCompleted;
}

/** Removes the client secret and the code from a message. */
function scrub(message: string, settings: Pick<SsoConfig, "clientSecret">, code?: string): string {
  let out = message;
  for (const secret of [settings.clientSecret, code]) {
    if (secret && secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}
