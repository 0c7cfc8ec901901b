// A real OpenID provider (oidc-provider, the certified implementation) on 127.0.0.1, for the SSO
// tests and for trying SSO by hand. Discovery, keys, the authorization and token endpoints, ID
// tokens and userinfo are the library's own; only the sign-in page is ours, and it signs in
// whichever account the test named last: GET /interaction/<uid> shows a "Sign in as <email>"
// button (and "Cancel"); its POST to /interaction/<uid>/login signs in and grants everything the
// app asked for, and /interaction/<uid>/abort answers access_denied. No script, no fields: a
// browser and a plain HTTP client following redirects both get through.
import { randomBytes, generateKeyPairSync, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface OidcTestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface OidcTestAccount {
  email: string;
  /** Default true. */
  emailVerified?: boolean;
  name?: string;
  /** Left out, the groups claim is absent. */
  groups?: string[];
}

export interface OidcTestProvider {
  /** http://127.0.0.1:<port> */
  issuer: string;
  /** The account the next sign-in (and every one after it, until the next call) signs in as. */
  setNextAccount(account: OidcTestAccount): void;
  /** "GET /.well-known/openid-configuration", "POST /token", …: every request, in order (no query). */
  requests: string[];
  close(): Promise<void>;
}

export interface OidcTestProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  clients: OidcTestClient[];
  /**
   * Default true: the ID token carries email, email_verified, name and groups. False follows
   * OpenID Connect Core to the letter, as many providers do: the ID token has only `sub`, and the
   * rest is at the userinfo endpoint.
   */
  claimsInIdToken?: boolean;
}

// oidc-provider ships no type definitions: these are the few parts of its API used here.
interface InteractionDetails {
  uid: string;
  prompt: { name: string };
  params: Record<string, unknown>;
  session?: { accountId?: string };
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}
interface Provider {
  callback(): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    request: IncomingMessage,
    response: ServerResponse,
    result: Record<string, unknown>,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: new (properties: { accountId: string; clientId: string }) => Grant;
}
interface OidcProviderModule {
  Provider: new (issuer: string, configuration: Record<string, unknown>) => Provider;
  errors: { SessionNotFound: new (...args: never[]) => Error };
}

let loaded: Promise<OidcProviderModule> | undefined;

/**
 * Imported by a name held in a variable, so the compiler does not look for type definitions that
 * do not exist. At import the library warns that it supports Node.js 22 and later; the app
 * supports 20.19 and later and its tests run this provider there too, so that one line is dropped.
 */
function loadOidcProvider(): Promise<OidcProviderModule> {
  loaded ??= (async () => {
    const name = "oidc-provider";
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith("oidc-provider WARNING: Unsupported runtime")) return;
      warn(...args);
    };
    try {
      return (await import(/* @vite-ignore */ name)) as OidcProviderModule;
    } finally {
      console.warn = warn;
    }
  })();
  return loaded;
}

/** An RS256 signing key made at start (the library's built-in keys are for quick starts only). */
function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

interface Stored {
  payload: Record<string, unknown>;
  expiresAt: number;
}

/**
 * Storage for the provider's sessions, codes and tokens, one Map per provider (the library's own
 * in-memory adapter prints a warning on every start).
 */
function memoryAdapter() {
  const store = new Map<string, Stored>();
  const live = (key: string): Record<string, unknown> | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.payload;
    store.delete(key);
    return undefined;
  };
  return class MemoryAdapter {
    constructor(readonly model: string) {}
    key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
      const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Infinity;
      store.set(this.key(id), { payload, expiresAt });
      if (typeof payload.uid === "string") store.set(`uid:${payload.uid}`, { payload: { id }, expiresAt });
      if (typeof payload.userCode === "string") {
        store.set(`userCode:${payload.userCode}`, { payload: { id }, expiresAt });
      }
    }
    async find(id: string) {
      return live(this.key(id));
    }
    async findByUid(uid: string) {
      const id = live(`uid:${uid}`)?.id;
      return typeof id === "string" ? this.find(id) : undefined;
    }
    async findByUserCode(userCode: string) {
      const id = live(`userCode:${userCode}`)?.id;
      return typeof id === "string" ? this.find(id) : undefined;
    }
    async consume(id: string) {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    }
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function send(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  response.end(html);
}

export async function startOidcProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  const { Provider, errors } = await loadOidcProvider();
  const accounts = new Map<string, OidcTestAccount & { emailVerified: boolean }>();
  let next: string | null = null;
  const requests: string[] = [];

  // The issuer names the port, so the server listens before the provider exists.
  let handle: (request: IncomingMessage, response: ServerResponse) => Promise<void> = async (_request, response) => {
    send(response, 503, page("Starting", "<p>The provider is starting.</p>"));
  };
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${new URL(request.url ?? "/", "http://127.0.0.1").pathname}`);
    handle(request, response).catch((err: unknown) => {
      if (!response.headersSent) send(response, 500, page("Provider error", `<p>${escapeHtml(String(err))}</p>`));
      else response.destroy();
    });
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const sessionCookie = `idp${port}_session`;

  const claimsInIdToken = options.claimsInIdToken ?? true;
  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      ...client,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    adapter: memoryAdapter(),
    jwks: { keys: [signingKey()] },
    cookies: {
      keys: [randomBytes(32).toString("base64url")],
      // Browsers keep cookies per host, not per port: named apart from the app's and from another
      // provider's on 127.0.0.1.
      names: { session: sessionCookie, interaction: `idp${port}_interaction`, resume: `idp${port}_resume` },
    },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      // groups rides on profile so that the usual "openid email profile" request carries it.
      profile: ["name", "groups"],
    },
    // OpenID Connect Core puts scope-requested claims only in userinfo (for the code flow); most
    // providers and this app also read them from the ID token.
    conformIdTokenClaims: !claimsInIdToken,
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
    // Set explicitly: each default prints a notice the first time it is used.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    clientBasedCORS: () => false,
    async renderError(ctx: { type: string; body: string }, out: Record<string, string>) {
      ctx.type = "html";
      const lines = Object.entries(out).map(
        ([key, value]) => `<p>${escapeHtml(key)}: ${escapeHtml(String(value))}</p>`,
      );
      ctx.body = page("Sign-in failed", lines.join("\n"));
    },
  });
  const oidcCallback = provider.callback();

  async function interaction(
    request: IncomingMessage,
    response: ServerResponse,
    uid: string,
    action: string | undefined,
  ) {
    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(request, response);
    } catch (err) {
      if (err instanceof errors.SessionNotFound) {
        return send(
          response,
          400,
          page("Sign-in expired", "<p>This sign-in is over or expired: start again from the app.</p>"),
        );
      }
      throw err;
    }
    if (details.uid !== uid) {
      return send(
        response,
        400,
        page("Another sign-in", "<p>This page belongs to another sign-in: start again from the app.</p>"),
      );
    }
    const account = next === null ? undefined : accounts.get(next);

    if (request.method === "GET" && action === undefined) {
      if (!account) {
        return send(
          response,
          409,
          page("No account", "<p>No account to sign in as: the test names one with setNextAccount.</p>"),
        );
      }
      const form = (path: string, label: string) =>
        `<form method="post" action="/interaction/${escapeHtml(uid)}/${path}"><button type="submit">${escapeHtml(label)}</button></form>`;
      const client = typeof details.params.client_id === "string" ? details.params.client_id : "the app";
      return send(
        response,
        200,
        page(
          "Test identity provider",
          `<p>${escapeHtml(client)} asks who you are.</p>\n${form("login", `Sign in as ${account.email}`)}\n${form("abort", "Cancel")}`,
        ),
      );
    }
    if (request.method === "POST" && action === "login") {
      if (!account) {
        return send(
          response,
          409,
          page("No account", "<p>No account to sign in as: the test names one with setNextAccount.</p>"),
        );
      }
      // Consent is part of signing in here: the grant covers every scope and claim asked for.
      const grant = new provider.Grant({ accountId: account.email, clientId: String(details.params.client_id) });
      if (typeof details.params.scope === "string") grant.addOIDCScope(details.params.scope);
      if (typeof details.params.claims === "string") {
        const requested = JSON.parse(details.params.claims) as Record<string, Record<string, unknown> | undefined>;
        grant.addOIDCClaims([...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})]);
      }
      const grantId = await grant.save();
      return provider.interactionFinished(
        request,
        response,
        { login: { accountId: account.email }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    }
    if (request.method === "POST" && action === "abort") {
      return provider.interactionFinished(
        request,
        response,
        { error: "access_denied", error_description: "the person cancelled the sign-in" },
        { mergeWithLastSubmission: false },
      );
    }
    return send(response, 405, page("Not here", "<p>Nothing to do at this address.</p>"));
  }

  // Every sign-in shows the sign-in page, as whoever the test named last: the authorization
  // endpoint is never shown the provider's session cookie, so it never carries on as the account
  // of an earlier sign-in (skipping the page, or, for another account, first ending that session
  // through a page that submits itself).
  function withoutSessionCookie(request: IncomingMessage) {
    const kept = (request.headers.cookie ?? "")
      .split(";")
      .map((pair) => pair.trim())
      .filter(
        (pair) => pair !== "" && !pair.startsWith(`${sessionCookie}=`) && !pair.startsWith(`${sessionCookie}.sig=`),
      );
    if (kept.length > 0) request.headers.cookie = kept.join("; ");
    else delete request.headers.cookie;
  }

  handle = async (request, response) => {
    const path = new URL(request.url ?? "/", issuer).pathname;
    const match = /^\/interaction\/([^/]+)(?:\/(login|abort))?\/?$/.exec(path);
    if (path === "/auth" || path.startsWith("/auth/")) withoutSessionCookie(request);
    if (!match?.[1]) return oidcCallback(request, response);
    // The form has no fields; whatever came is read and dropped.
    request.resume();
    return interaction(request, response, decodeURIComponent(match[1]), match[2]);
  };

  return {
    issuer,
    requests,
    setNextAccount(account) {
      const email = account.email;
      accounts.set(email, { ...account, email, emailVerified: account.emailVerified ?? true });
      next = email;
    },
    async close() {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
