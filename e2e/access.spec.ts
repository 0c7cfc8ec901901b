import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  expect,
  request as requestFactory,
  test,
  type APIRequestContext,
  type APIResponse,
  type Page,
} from "@playwright/test";
import { E2E } from "../playwright.config";
import { recordFigures } from "../test/support/figures";
import {
  api,
  appSurface,
  deliverEvent,
  hiddenFields,
  HTTP_METHODS,
  SECRETS,
  secretsIn,
  serverActions,
  sessionTokens,
  uniqueName,
  type AppRoute,
  type HttpMethod,
  type ServerAction,
} from "./support";

// Who gets in, against the production server: every page and route handler found on disk (so one
// added later is covered without editing this file), every server action of the build, the login
// form and its throttle, the security headers of every response, and no secret in any response,
// in the build, or in the server's log.

const { pages: PAGES, routes: ROUTES } = appSurface();
/** The one page anyone may see: the way in. */
const LOGIN = "/login";
/** Stripe's deliveries: authenticated by their signature, not by the token. */
const WEBHOOK = "/api/webhooks/stripe";
/** The benchmark's floor: a 404 unless the server runs with BENCH_FLOOR_ROUTE=1 (it does not here). */
const BENCH_FLOOR = "/api/bench/floor";
/** Prometheus's scrape: a 404 unless METRICS_TOKEN is set (it is not here), then its own token. */
const METRICS = "/metrics";
/** For load balancers: open by design, saying only whether the instance is ready (its worker ticks here). */
const HEALTH = "/api/health";
/** The JSON API's catch-all (`app/api/[...path]`): any path no route answers gets a JSON 404. */
const UNKNOWN_API = "/api/x";

/** An invitation's link: open to anyone, as the invited person has no session yet. */
const INVITATION = "/invite/x";
/** Single sign-on's two halves: off to the identity provider, and back. */
const SSO_ROUTES = ["/login/sso/start", "/login/sso/callback"];

const PAGE_PATHS = [...new Set(PAGES.map((page) => page.path))];
const WALLED_PAGES = PAGE_PATHS.filter((pagePath) => pagePath !== LOGIN && pagePath !== INVITATION);
const ADMIN_PAGES = [
  ...new Set(PAGES.filter((page) => page.file.startsWith(join("app", "(admin)"))).map((p) => p.path)),
];
const OTHER_SITE = "https://evil.example";
/** Another port of this host: the same site (SameSite cookies go along), another origin. */
const SAME_SITE = `http://127.0.0.1:${Number(new URL(E2E.baseURL).port) + 1}`;
const SECURE_ENOUGH_REFERRER_POLICIES = [
  "no-referrer",
  "same-origin",
  "strict-origin",
  "strict-origin-when-cross-origin",
];
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * What this file saw, for the figures at its end. Kept in a file of the run's output folder (which
 * Playwright empties when a run starts), so a worker started again after a failed test goes on counting.
 */
interface Tally {
  pages: string[];
  routes: string[];
  methods: string[];
  requests: number;
  letIn: string[];
  crossSiteRefused: number;
  attemptsBeforeLockout: number | null;
  responses: number;
  withAllHeaders: number;
  missingHeaders: string[];
  leaks: string[];
  buildFiles: number;
  logLines: number;
}
const TALLY_FILE = join(E2E.outputDir, "access-tally.json");
const tally: Tally = existsSync(TALLY_FILE)
  ? (JSON.parse(readFileSync(TALLY_FILE, "utf8")) as Tally)
  : {
      pages: [],
      routes: [],
      methods: [],
      requests: 0,
      letIn: [],
      crossSiteRefused: 0,
      attemptsBeforeLockout: null,
      responses: 0,
      withAllHeaders: 0,
      missingHeaders: [],
      leaks: [],
      buildFiles: 0,
      logLines: 0,
    };
const addOnce = (list: string[], value: string) => {
  if (!list.includes(value)) list.push(value);
};

test.afterEach(() => {
  mkdirSync(E2E.outputDir, { recursive: true });
  writeFileSync(TALLY_FILE, JSON.stringify(tally));
});

/** The security headers a response lacks (empty when it has them all). */
function missingSecurityHeaders(headers: Record<string, string>): string[] {
  const csp = headers["content-security-policy"] ?? "";
  const checks: Array<[string, boolean]> = [
    ["Content-Security-Policy with frame-ancestors 'none'", /(^|;)\s*frame-ancestors 'none'/.test(csp)],
    ["Content-Security-Policy with object-src 'none'", /(^|;)\s*object-src 'none'/.test(csp)],
    ["X-Frame-Options: DENY", headers["x-frame-options"]?.toUpperCase() === "DENY"],
    ["X-Content-Type-Options: nosniff", headers["x-content-type-options"]?.toLowerCase() === "nosniff"],
    ["Referrer-Policy", SECURE_ENOUGH_REFERRER_POLICIES.includes(headers["referrer-policy"] ?? "")],
    ["no X-Powered-By", !("x-powered-by" in headers)],
  ];
  return checks.filter(([, present]) => !present).map(([name]) => name);
}

/** Every response of this file passes through here: its headers are checked and it is scanned for secrets. */
async function seen(label: string, response: APIResponse): Promise<APIResponse> {
  tally.responses += 1;
  const missing = missingSecurityHeaders(response.headers());
  if (missing.length === 0) tally.withAllHeaders += 1;
  else tally.missingHeaders.push(`${label} → ${response.status()}: ${missing.join(", ")}`);
  const headerLines = response.headersArray().map((header) => `${header.name}: ${header.value}`);
  const text = `${headerLines.join("\n")}\n${(await response.body()).toString("utf8")}`;
  for (const secret of secretsIn(text, secretsAndSessions())) tally.leaks.push(`${label}: ${secret}`);
  return response;
}

let secretsToFind: Record<string, string> | undefined;
/** The secrets, and the session cookie auth.setup.ts holds (read once the setup has written it). */
function secretsAndSessions(): Record<string, string> {
  secretsToFind ??= {
    ...SECRETS,
    ...Object.fromEntries(sessionTokens().map((token, index) => [`the admin's session cookie ${index}`, token])),
  };
  return secretsToFind;
}

type FetchOptions = NonNullable<Parameters<APIRequestContext["fetch"]>[1]>;

/** One request, redirects not followed (a redirect to /login is the answer), through seen(). */
async function send(context: APIRequestContext, label: string, url: string, options: FetchOptions = {}) {
  tally.requests += 1;
  return seen(label, await context.fetch(url, { maxRedirects: 0, failOnStatusCode: false, ...options }));
}

const redirectsToLogin = (response: APIResponse) =>
  response.status() >= 300 &&
  response.status() < 400 &&
  new URL(response.headers()["location"] ?? "", E2E.baseURL).pathname === LOGIN;

/** A visitor with no cookie (the test's own storageState would otherwise apply to it). */
const newVisitor = () =>
  requestFactory.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });

/** A visitor with no cookie; and the admin, with the session auth.setup.ts logged in. */
let anonymous: APIRequestContext;
let admin: APIRequestContext;

test.beforeAll(async () => {
  anonymous = await newVisitor();
  admin = await requestFactory.newContext({ baseURL: E2E.baseURL, storageState: E2E.storageState });
});

test.afterAll(async () => {
  await anonymous?.dispose();
  await admin?.dispose();
});

test("finds the pages, route handlers and server actions", () => {
  expect(PAGE_PATHS).toEqual(expect.arrayContaining(["/", LOGIN, "/automations", "/settings", "/runs/x"]));
  expect(ROUTES.map((route) => route.path)).toEqual(
    expect.arrayContaining(["/api/automations", "/api/settings", "/api/runs/x/cancel", WEBHOOK]),
  );
  for (const route of ROUTES) {
    expect(route.methods.length, `${route.file} exports no handler this suite can read`).toBeGreaterThan(0);
  }
  const actions = serverActions().map((action) => `${action.file}#${action.name}`);
  expect(actions).toEqual(
    expect.arrayContaining(["app/login/actions.ts#login", "app/(admin)/settings/actions.ts#saveSettings"]),
  );
});

test.describe("the login wall, for every page", () => {
  for (const pagePath of WALLED_PAGES) {
    test(`${pagePath}: no session, a forged one, or only the API token sends the visitor to the login page`, async () => {
      addOnce(tally.pages, pagePath);
      const attempts: Array<[string, APIRequestContext, FetchOptions]> = [
        ["no session", anonymous, {}],
        ["no session, the client-side navigation payload", anonymous, { headers: { RSC: "1" } }],
        ["a forged session cookie", anonymous, { headers: { cookie: "ba_session=99999999999999.forged" } }],
        ["only the API token", anonymous, { headers: { authorization: `Bearer ${E2E.apiToken}` } }],
      ];
      for (const [how, context, options] of attempts) {
        const response = await send(context, `GET ${pagePath} with ${how}`, pagePath, options);
        if (!redirectsToLogin(response)) tally.letIn.push(`GET ${pagePath} with ${how} → ${response.status()}`);
        expect.soft(redirectsToLogin(response), `GET ${pagePath} with ${how} → ${response.status()}`).toBe(true);
      }
    });
  }

  test("the login page and an invitation's link are the pages open to anyone", async () => {
    addOnce(tally.pages, LOGIN);
    const response = await send(anonymous, `GET ${LOGIN}`, LOGIN);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('name="password"');
    // A link nobody was sent opens nothing: it says so, and sets no session.
    addOnce(tally.pages, INVITATION);
    const invitation = await send(anonymous, `GET ${INVITATION}`, INVITATION);
    expect(invitation.status()).toBe(200);
    expect(await invitation.text()).toContain("This invitation link has expired or was already used");
    expect(sessionCookieOf(invitation)).toBeUndefined();
  });

  test("single sign-on's callback, reached without a sign-in it started, lets nobody in", async () => {
    for (const path of [`${SSO_ROUTES[1]}`, `${SSO_ROUTES[1]}?code=forged&state=forged`]) {
      const response = await send(anonymous, `GET ${path}`, path);
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toMatch(/\/login\?ssoError=/);
      expect(sessionCookieOf(response), path).toBeUndefined();
    }
  });
});

test.describe("the login wall, in the browser", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const pagePath of ADMIN_PAGES) {
    test(`sends an anonymous visitor of ${pagePath} to the login page`, async ({ page }) => {
      await page.goto(pagePath);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
    });
  }
});

test.describe("the login wall, on in-app navigation", () => {
  // A layout does not render again on a client-side navigation, so its session check does not
  // run either: a session that ended while the tab stayed open must still end at /login.
  for (const pagePath of ADMIN_PAGES) {
    test(`sends a visitor whose session ended to the login page when the app navigates to ${pagePath}`, async ({
      page,
      context,
    }) => {
      // Start on another page, so the navigation really fetches the target.
      await page.goto(pagePath === "/settings" ? "/automations" : "/settings");
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await context.clearCookies();
      await navigateInApp(page, pagePath);
      await expect(
        page,
        `${pagePath} rendered without a session: the (admin) layout's check does not run on client-side ` +
          "navigations; check the session in the page (requireAdminSession) or in a proxy.ts in front of all pages",
      ).toHaveURL(/\/login$/);
      await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
    });
  }
});

/** A client-side navigation, as a <Link> click makes: the layout stays, only the page is fetched. */
async function navigateInApp(page: Page, pagePath: string) {
  const link = page.getByRole("navigation", { name: "Main" }).locator(`a[href="${pagePath}"]`);
  if ((await link.count()) > 0) {
    await link.first().click();
    return;
  }
  // Pages the nav does not link to ([id] pages): the App Router's own navigation.
  await page.waitForFunction(() => typeof (window as { next?: { router?: unknown } }).next?.router === "object");
  await page.evaluate((target) => {
    (window as unknown as { next: { router: { push(href: string): void } } }).next.router.push(target);
  }, pagePath);
}

/** What a route answers a request it must refuse: 401 without the token; 405 for a method it does not export. */
function expectedRefusal(route: AppRoute, method: HttpMethod): number {
  const handled = route.methods.includes(method) || (method === "HEAD" && route.methods.includes("GET"));
  if (!handled) return 405;
  if (route.path === WEBHOOK) return 400; // an unsigned body
  if (route.path === BENCH_FLOOR || route.path === METRICS) return 404;
  if (route.path === HEALTH) return 200;
  if (route.path === UNKNOWN_API) return 404;
  return 401;
}

test.describe("the JSON API, for every route and method", () => {
  // The API takes the bearer token only (README): the session cookie alone opens nothing, so a page
  // of another site cannot use the admin's browser to call it.
  const credentials: Array<[string, () => APIRequestContext, Record<string, string>]> = [
    ["no credentials", () => anonymous, {}],
    ["a wrong token", () => anonymous, { authorization: `Bearer not-${E2E.apiToken}` }],
    ["the token in another scheme", () => anonymous, { authorization: `Basic ${E2E.apiToken}` }],
    ["the session cookie alone", () => admin, {}],
  ];

  for (const route of ROUTES.filter((candidate) => !SSO_ROUTES.includes(candidate.path))) {
    test(`${route.path} (${route.methods.join(", ")}) refuses every method without the token`, async () => {
      addOnce(tally.routes, route.path);
      for (const method of HTTP_METHODS) {
        addOnce(tally.methods, `${method} ${route.path}`);
        const expected = expectedRefusal(route, method);
        for (const [how, context, headers] of credentials) {
          const label = `${method} ${route.path} with ${how}`;
          const write = method !== "GET" && method !== "HEAD";
          const response = await send(context(), label, route.path, {
            method,
            headers: { ...headers, ...(write ? { "content-type": "application/json" } : {}) },
            ...(write ? { data: "{}" } : {}),
          });
          const status = response.status();
          const open = route.path === HEALTH && expected === 200;
          if (!open && ((status >= 200 && status < 400) || status >= 500)) tally.letIn.push(`${label} → ${status}`);
          expect.soft(status, label).toBe(expected);
          if (route.path.startsWith("/api/") && method !== "HEAD" && (status === 404 || status === 405)) {
            // An API client reads the error as JSON, never the HTML page or an empty body.
            expect.soft(response.headers()["content-type"], label).toContain("application/json");
            expect
              .soft(((await response.json()) as { error?: { message?: unknown } }).error?.message, label)
              .toEqual(expect.any(String));
            if (status === 405) expect.soft(response.headers()["allow"], label).toBeTruthy();
          }
        }
      }
    });
  }

  test("the right token opens it (so the refusals above are the token's doing)", async () => {
    const response = await send(anonymous, "GET /api/settings with the token", "/api/settings", {
      headers: { authorization: `Bearer ${E2E.apiToken}` },
    });
    expect(response.status()).toBe(200);
  });

  test("the webhook refuses a delivery without Stripe's signature, or with a wrong one", async () => {
    for (const [how, signature] of [
      ["no signature", undefined],
      ["a wrong signature", `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`],
      ["the API token instead", undefined],
    ] as const) {
      const response = await send(anonymous, `POST ${WEBHOOK} with ${how}`, WEBHOOK, {
        method: "POST",
        data: JSON.stringify({ id: "evt_forged", type: "invoice.payment_failed" }),
        headers: {
          "content-type": "application/json",
          ...(signature ? { "stripe-signature": signature } : {}),
          ...(how === "the API token instead" ? { authorization: `Bearer ${E2E.apiToken}` } : {}),
        },
      });
      expect.soft(response.status(), how).toBe(400);
    }
  });

  test("an API path that does not exist is a plain 404", async () => {
    const response = await send(anonymous, "GET /api/no-such-route", "/api/no-such-route");
    expect(response.status()).toBe(404);
  });
});

/** The hidden fields of the login page's form: the server action a login posts. */
async function loginFormFields(context: APIRequestContext): Promise<Record<string, string>> {
  const fields = hiddenFields(await (await send(context, `GET ${LOGIN} (the form)`, LOGIN)).text());
  expect(
    Object.keys(fields).some((name) => name.startsWith("$ACTION")),
    "the login form posts a server action",
  ).toBe(true);
  return fields;
}

/** Posts the login form (as a browser without JavaScript does) with extra headers; returns the answer. */
async function postLoginForm(
  context: APIRequestContext,
  label: string,
  password: string,
  headers: Record<string, string>,
) {
  const fields = await loginFormFields(context);
  return send(context, label, LOGIN, { method: "POST", multipart: { ...fields, password }, headers });
}

const sessionCookieOf = (response: APIResponse) =>
  response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === "set-cookie")
    .map((header) => header.value)
    .find((value) => value.startsWith("ba_session=") && !/^ba_session=;/.test(value));

test.describe("cross-site requests", () => {
  const TAG = Math.random().toString(36).slice(2, 10);
  let automationId = "";
  let runId = "";
  let stepId = "";

  test.beforeAll(async () => {
    // An automation first on its trigger with a run waiting on a delay: something for every
    // action to change, had it run.
    const automation = await api(admin, "POST", "/api/automations", {
      name: uniqueName("Cross-site target"),
      trigger: "subscription_payment_failed",
      conditions: [{ type: "invoice_metadata", key: "e2e_tag", value: TAG }],
      steps: [
        { type: "delay", amount: 1, unit: "days" },
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } },
      ],
    });
    automationId = automation.id as string;
    const { automations } = (await api(admin, "GET", "/api/automations")) as {
      automations: Array<{ id: string; trigger: string }>;
    };
    const others = automations.filter((a) => a.trigger === "subscription_payment_failed" && a.id !== automationId);
    await api(admin, "PUT", "/api/automations/priority", {
      trigger: "subscription_payment_failed",
      ids: [automationId, ...others.map((a) => a.id)],
    });
    await deliverEvent(admin, "invoice.payment_failed", { invoiceMetadata: { e2e_tag: TAG } });
    await expect
      .poll(async () => ((await api(admin, "GET", `/api/runs?automationId=${automationId}`)).runs as unknown[]).length)
      .toBe(1);
    const [run] = (await api(admin, "GET", `/api/runs?automationId=${automationId}`)).runs as Array<{ id: string }>;
    runId = run!.id;
    stepId = ((await api(admin, "GET", `/api/runs/${runId}`)).steps as Array<{ id: string }>)[0]!.id;
  });

  test.afterAll(async () => {
    if (automationId)
      await admin.fetch(`/api/automations/${automationId}?inProgress=cancel`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${E2E.apiToken}` },
      });
  });

  /** Arguments that would change something, had the action run. */
  function argumentsFor(action: ServerAction): unknown[] {
    const byName: Record<string, unknown[]> = {
      saveSettings: [{ defaultCurrency: "jpy", teamEmails: ["attacker@evil.example"] }],
      saveAutomationAction: [automationId, { name: "Renamed from another site" }],
      pauseAutomationAction: [automationId, "cancel"],
      deleteAutomationAction: [automationId, "cancel"],
      resumeAutomationAction: [automationId],
      countRunsInProgressAction: [automationId],
      reorderAutomationsAction: ["subscription_payment_failed", [automationId]],
      cancelRunAction: [runId],
      retryStepAction: [stepId],
      login: [{}, { password: E2E.password }],
    };
    return byName[action.name] ?? [];
  }

  /** The state a cross-site write could change, read through the API. */
  async function state() {
    const { events } = (await api(admin, "GET", "/api/events?limit=1")) as { events: Array<{ id: string }> };
    const run = await api(admin, "GET", `/api/runs/${runId}`);
    return {
      settings: await api(admin, "GET", "/api/settings"),
      automation: await api(admin, "GET", `/api/automations/${automationId}`),
      run: { status: run.status, steps: (run.steps as Array<{ status: string }>).map((step) => step.status) },
      newestEvent: events[0]?.id ?? null,
    };
  }

  test("every server action, sent from another site with the admin's session cookie, is refused and changes nothing", async () => {
    const actions = serverActions();
    const before = await state();
    // What a browser sends: a script's fetch (the Next-Action header) or an HTML form (multipart, the
    // action named in a field), from another site, from a sibling origin of the same site (whose
    // requests SameSite=Lax cookies go along with), or from an older browser without Sec-Fetch-Site.
    const senders: Array<[string, Record<string, string>]> = [
      ["another site", { origin: OTHER_SITE, "sec-fetch-site": "cross-site" }],
      ["another origin of the same site", { origin: SAME_SITE, "sec-fetch-site": "same-site" }],
      ["another site, without Sec-Fetch-Site", { origin: OTHER_SITE }],
      ["an opaque origin (a sandboxed frame)", { origin: "null", "sec-fetch-site": "cross-site" }],
    ];
    for (const action of actions) {
      for (const [from, headers] of senders) {
        for (const encoding of ["fetch", "form"] as const) {
          const label = `${action.name} (${action.file}) as a ${encoding} from ${from}`;
          const response = await send(admin, label, action.pagePath, {
            method: "POST",
            ...(encoding === "fetch"
              ? {
                  headers: {
                    ...headers,
                    "next-action": action.id,
                    accept: "text/x-component",
                    "content-type": "text/plain;charset=UTF-8",
                  },
                  data: JSON.stringify(argumentsFor(action)),
                }
              : { headers, multipart: { [`$ACTION_ID_${action.id}`]: "", password: E2E.password } }),
          });
          if (response.status() === 403) tally.crossSiteRefused += 1;
          else if (response.status() < 400 || response.status() >= 500)
            tally.letIn.push(`${label} → ${response.status()}`);
          expect.soft(response.status(), label).toBe(403);
          expect.soft(sessionCookieOf(response), `${label} set a session cookie`).toBeUndefined();
        }
      }
    }
    expect(await state()).toEqual(before);
    // Logging out from another site did not work either: the session still opens the pages.
    expect((await send(admin, "GET /automations after the cross-site requests", "/automations")).status()).toBe(200);
  });

  test("every server action, posted from the app's own origin without a session, changes nothing", async () => {
    // The login wall sends a POST to an admin page to /login; the login page itself is open, and
    // Next.js runs there any action of the build it is sent, so the action's own session check
    // (runAdminAction) is what stops it.
    const before = await state();
    const own = { origin: E2E.baseURL, "sec-fetch-site": "same-origin" };
    // Accepting an invitation is a way in too: its token, not a session, is what it checks.
    const waysIn = ["app/login/actions.ts", "app/invite/[token]/actions.ts"];
    for (const action of serverActions().filter((candidate) => !waysIn.includes(candidate.file))) {
      for (const target of [action.pagePath, LOGIN]) {
        const label = `${action.name} (${action.file}) posted to ${target} without a session`;
        const response = await send(anonymous, label, target, {
          method: "POST",
          headers: {
            ...own,
            "next-action": action.id,
            accept: "text/x-component",
            "content-type": "text/plain;charset=UTF-8",
          },
          data: JSON.stringify(argumentsFor(action)),
        });
        const body = await response.text();
        if (/"ok":true/.test(body)) tally.letIn.push(`${label} → ${response.status()}`);
        expect.soft(body, label).not.toMatch(/"ok":true/);
        if (target !== LOGIN) expect.soft(redirectsToLogin(response), label).toBe(true);
      }
    }
    expect(await state()).toEqual(before);
  });

  test("the same server action from the app's own page runs (so the refusals above are the origin's doing)", async () => {
    const saveSettings = serverActions().find((action) => action.name === "saveSettings")!;
    const before = await api(admin, "GET", "/api/settings");
    try {
      const response = await send(admin, "saveSettings from the app's own page", saveSettings.pagePath, {
        method: "POST",
        headers: {
          origin: E2E.baseURL,
          "sec-fetch-site": "same-origin",
          "next-action": saveSettings.id,
          accept: "text/x-component",
          "content-type": "text/plain;charset=UTF-8",
        },
        data: JSON.stringify([{ defaultCurrency: "jpy" }]),
      });
      expect(response.status()).toBe(200);
      expect((await api(admin, "GET", "/api/settings")).defaultCurrency).toBe("jpy");
    } finally {
      await api(admin, "PUT", "/api/settings", before);
    }
  });

  test("the login form, posted from another site with the right password, is refused and sets no cookie", async () => {
    const visitor = await newVisitor();
    try {
      for (const [from, headers] of [
        ["another site", { origin: OTHER_SITE, "sec-fetch-site": "cross-site" }],
        ["another origin of the same site", { origin: SAME_SITE, "sec-fetch-site": "same-site" }],
      ] as const) {
        const response = await postLoginForm(visitor, `the login form from ${from}`, E2E.password, headers);
        if (response.status() === 403) tally.crossSiteRefused += 1;
        else tally.letIn.push(`the login form from ${from} → ${response.status()}`);
        expect.soft(response.status(), from).toBe(403);
        expect.soft(sessionCookieOf(response), from).toBeUndefined();
      }
    } finally {
      await visitor.dispose();
    }
  });

  test("the session cookie is HttpOnly, SameSite=Lax, for the whole app, and Secure when served over https", async () => {
    for (const [how, headers, secure] of [
      ["over http", {}, false],
      ["over https (X-Forwarded-Proto from the proxy in front)", { "x-forwarded-proto": "https" }, true],
    ] as const) {
      const visitor = await newVisitor();
      try {
        const response = await postLoginForm(visitor, `the login form ${how}`, E2E.password, {
          origin: E2E.baseURL,
          "sec-fetch-site": "same-origin",
          ...headers,
        });
        expect(response.status(), how).toBe(303);
        const cookie = sessionCookieOf(response);
        expect(cookie, how).toBeDefined();
        const attributes = cookie!.split(";").map((part) => part.trim().toLowerCase());
        expect(attributes, how).toContain("httponly");
        expect(attributes, how).toContain("path=/");
        expect(
          attributes.filter((part) => part === "samesite=lax" || part === "samesite=strict"),
          how,
        ).toHaveLength(1);
        expect(attributes.includes("secure"), how).toBe(secure);
      } finally {
        await visitor.dispose();
      }
    }
  });
});

test.describe("the login throttle", () => {
  // Its own client addresses (X-Forwarded-For, as the proxy in front sends it), so the lockout
  // below locks out no other test.
  const ADDRESS = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
  const NEIGHBOUR = `198.51.100.${Math.floor(Math.random() * 10) + 1}`;
  const LOCKED = /Too many wrong passwords/;
  const WRONG = /That password is not right/;

  test("locks a client out after ten wrong passwords; the right one is refused during the lockout, from that client only", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({
      baseURL: E2E.baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { "x-forwarded-for": ADDRESS },
    });
    const page = await context.newPage();
    // Each answer of the login action, read as it passes (a plain form post would navigate away from it).
    const answers: string[] = [];
    await page.route(
      (url) => url.pathname === LOGIN,
      async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        const response = await route.fetch({ headers: { ...route.request().headers(), "x-forwarded-for": ADDRESS } });
        answers.push(await response.text());
        await route.fulfill({ response });
      },
    );
    const attempt = async (password: string) => {
      const before = answers.length;
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
      // Each wrong password makes the next answer wait longer, up to 5 s.
      await expect.poll(() => answers.length, { timeout: 15_000 }).toBe(before + 1);
      return answers[before]!;
    };
    try {
      await page.goto(LOGIN);
      let refused = 0;
      for (let tries = 0; tries < 20; tries++) {
        const answer = await attempt(`wrong-password-${tries}`);
        if (LOCKED.test(answer)) break;
        expect(answer).toMatch(WRONG);
        refused += 1;
      }
      tally.attemptsBeforeLockout = refused;
      expect(refused, "the README promises a lockout after ten wrong passwords").toBe(10);
      await expect(page.getByText(LOCKED)).toBeVisible();

      expect(await attempt(E2E.password)).toMatch(LOCKED);
      await expect(page).toHaveURL(/\/login$/);
      expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("ba_session");
    } finally {
      await context.close();
    }

    // A proxy appends the address it saw: a forged address put in front does not start a fresh count.
    const visitor = await newVisitor();
    const own = { origin: E2E.baseURL, "sec-fetch-site": "same-origin" };
    try {
      const forged = await postLoginForm(visitor, "the right password behind a forged address", E2E.password, {
        ...own,
        "x-forwarded-for": `203.0.113.7, ${ADDRESS}`,
      });
      expect(sessionCookieOf(forged), "a forged X-Forwarded-For entry escaped the lockout").toBeUndefined();
      expect(await forged.text()).toMatch(LOCKED);
      // Another client is not locked out.
      const neighbour = await postLoginForm(visitor, "the right password from another client", E2E.password, {
        ...own,
        "x-forwarded-for": NEIGHBOUR,
      });
      expect(neighbour.status()).toBe(303);
      expect(sessionCookieOf(neighbour)).toBeDefined();
    } finally {
      await visitor.dispose();
    }
  });
});

test.describe("security headers", () => {
  test("every page and route answers with them, signed in or not (the responses above included)", async () => {
    for (const pagePath of PAGE_PATHS) {
      await send(admin, `GET ${pagePath} signed in`, pagePath);
    }
    for (const route of ROUTES.filter((candidate) => candidate.methods.includes("GET"))) {
      await send(anonymous, `GET ${route.path} with the token`, route.path, {
        headers: { authorization: `Bearer ${E2E.apiToken}` },
      });
    }
    // The scripts and styles a page loads.
    const html = await (await send(anonymous, `GET ${LOGIN}`, LOGIN)).text();
    const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1]!))];
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets.slice(0, 5)) await send(anonymous, `GET ${asset}`, asset);
    expect(tally.missingHeaders, "responses without the security headers").toEqual([]);
  });

  test("over https (as the proxy in front reports it), every page and route asks for https from then on", async () => {
    const https = { "x-forwarded-proto": "https" };
    const targets: Array<[string, APIRequestContext]> = [
      ...PAGE_PATHS.map((pagePath): [string, APIRequestContext] => [pagePath, admin]),
      ...ROUTES.map((route): [string, APIRequestContext] => [route.path, anonymous]),
    ];
    for (const [target, context] of targets) {
      const response = await send(context, `GET ${target} over https`, target, { headers: https });
      const hsts = response.headers()["strict-transport-security"] ?? "";
      expect
        .soft(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), `${target}: ${hsts}`)
        .toBeGreaterThanOrEqual(ONE_YEAR_SECONDS);
    }
    // Over plain http (127.0.0.1, no proxy) it is left out: browsers ignore it there anyway.
    const plain = await send(anonymous, `GET ${LOGIN} over http`, LOGIN);
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  });
});

/** Every file under a folder, with its size. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .map((name) => join(folder, name))
    .filter((file) => statSync(file).isFile());
}

test.describe("secrets", () => {
  test("the settings page and API say which secrets are set, never their values", async () => {
    const answers = [
      await send(admin, "GET /settings", "/settings"),
      // (Next.js redirects a payload request to its cache-busting URL first.)
      await send(admin, "GET /settings (client-side navigation payload)", "/settings", {
        headers: { RSC: "1" },
        maxRedirects: 5,
      }),
      await send(anonymous, "GET /api/settings", "/api/settings", {
        headers: { authorization: `Bearer ${E2E.apiToken}` },
      }),
    ];
    for (const answer of answers) {
      expect(answer.status(), answer.url()).toBe(200);
      expect(secretsIn(await answer.text()), answer.url()).toEqual([]);
    }
    expect(answers[1]!.headers()["content-type"]).toContain("text/x-component");
    expect(await answers[0]!.text()).toContain("OUTGOING_WEBHOOK_SECRET");
  });

  test("the build the server runs holds none (its client bundles and prerendered pages included)", () => {
    const files = filesUnder(E2E.distDir).filter(
      (file) => !file.startsWith(join(E2E.distDir, "cache")) && statSync(file).size < 20_000_000,
    );
    expect(files.length).toBeGreaterThan(100);
    tally.buildFiles = files.length;
    const found = files.flatMap((file) => secretsIn(readFileSync(file, "utf8")).map((secret) => `${file}: ${secret}`));
    tally.leaks.push(...found);
    expect(found).toEqual([]);
  });

  test("no response of this file held one, nor has the server's log", () => {
    expect(existsSync(E2E.serverLog), `${E2E.serverLog}: the server's log is captured (playwright.config.ts)`).toBe(
      true,
    );
    const log = readFileSync(E2E.serverLog, "utf8");
    tally.logLines = log.split("\n").length;
    expect(log, "the log holds the server's start").toContain("Ready");
    const inLog = secretsIn(log, secretsAndSessions()).map((secret) => `${E2E.serverLog}: ${secret}`);
    tally.leaks.push(...inLog);
    expect(tally.leaks).toEqual([]);
  });
});

test("figures", () => {
  recordFigures("access", "e2e-access", {
    title: "Every page, route and server action against npm start",
    database: "Chromium + npm start (SQLite)",
    figures: {
      "pages checked": tally.pages.length,
      "routes checked": tally.routes.length,
      "methods tried": tally.methods.length,
      "requests made": tally.requests,
      "let in without credentials": tally.letIn.length,
      "cross-site writes refused": tally.crossSiteRefused,
      "login attempts before lockout": tally.attemptsBeforeLockout ?? "not measured",
      "secrets found in logs or responses": tally.leaks.length,
      "responses with all security headers": `${tally.withAllHeaders} of ${tally.responses}`,
      "build files scanned": tally.buildFiles,
      "server log lines scanned": tally.logLines,
    },
  });
  expect(tally.letIn).toEqual([]);
  expect(tally.missingHeaders).toEqual([]);
});
