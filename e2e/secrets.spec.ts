import { existsSync, readFileSync } from "node:fs";
import { expect, request as requestFactory, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { SECRETS_SERVER } from "../playwright.config";
import { recordFigures } from "../test/support/figures";
import { deliverEvent, hiddenFields, secretsIn, uniqueName } from "./support";

// The server of this file has every secret set — the Stripe key and the SMTP password included,
// which the main test server cannot have — and Stripe and SMTP at a closed port: its steps fail,
// and neither those failures nor anything else it answers or prints may show a secret.

const SECRETS = SECRETS_SERVER.secrets;
const { baseURL } = SECRETS_SERVER;
const noCookies = { cookies: [], origins: [] };

interface Step {
  status: string;
  attempts: number;
  error: string | null;
}
interface Run {
  id: string;
  eventId: string;
  steps: Step[];
}

test("a server with every secret set shows none, in its answers, its pages or its log, even when its steps fail", async () => {
  test.setTimeout(120_000);
  const api = await requestFactory.newContext({
    baseURL,
    storageState: noCookies,
    extraHTTPHeaders: { authorization: `Bearer ${SECRETS.ADMIN_API_TOKEN}` },
  });
  const visitor = await requestFactory.newContext({ baseURL, storageState: noCookies });
  const answers: Array<[string, APIResponse]> = [];
  const read = async (context: APIRequestContext, target: string, headers: Record<string, string> = {}) => {
    const response = await context.get(target, { headers, maxRedirects: 0 });
    answers.push([`GET ${target}${headers.RSC ? " (navigation payload)" : ""}`, response]);
    return response;
  };
  try {
    // A team email (SMTP) when a subscription is canceled; a Stripe write when a payment fails.
    for (const [trigger, step] of [
      ["subscription_canceled", { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } }],
      ["subscription_payment_failed", { type: "action", action: "mark_invoice_uncollectible" }],
    ] as const) {
      const created = await api.post("/api/automations", {
        data: { name: uniqueName("Secrets"), trigger, conditions: [], steps: [step] },
      });
      expect(created.ok(), await created.text()).toBe(true);
    }
    const settings = await api.put("/api/settings", {
      data: { teamEmails: ["ops@example.com"], webhookEndpoints: ["https://hooks.example.com/billing"] },
    });
    expect(settings.ok(), await settings.text()).toBe(true);
    for (const type of ["customer.subscription.deleted", "invoice.payment_failed"] as const) {
      await deliverEvent(api, type, {}, SECRETS.STRIPE_WEBHOOK_SECRET);
    }

    // Each run's step has failed at least once, with its error recorded.
    let runs: Run[] = [];
    await expect
      .poll(
        async () => {
          const { runs: listed } = (await (await api.get("/api/runs")).json()) as { runs: Array<{ id: string }> };
          runs = await Promise.all(
            listed.map(async (run) => (await (await api.get(`/api/runs/${run.id}`)).json()) as Run),
          );
          return runs.filter((run) => run.steps.some((step) => step.attempts > 0 && step.error)).length;
        },
        { timeout: 60_000 },
      )
      .toBe(2);
    const errors = runs.flatMap((run) => run.steps.map((step) => step.error ?? ""));
    console.log(`[secrets] step errors: ${errors.filter(Boolean).join(" | ")}`);
    expect(errors.join("\n"), "the steps failed on SMTP and on Stripe").toMatch(/smtp|mail|ECONNREFUSED|connect/i);

    // Everything the API and the pages show about them.
    for (const target of [
      "/api/runs",
      "/api/events",
      "/api/settings",
      "/api/automations",
      "/api/automations/export",
      "/api/users",
      "/api/tokens",
      "/api/audit",
    ]) {
      await read(api, target);
    }
    for (const run of runs) {
      await read(api, `/api/runs/${run.id}`);
      await read(api, `/api/events/${run.eventId}`);
    }
    const fields = hiddenFields(await (await visitor.get("/login")).text());
    const login = await visitor.post("/login", {
      multipart: { ...fields, password: SECRETS.ADMIN_PASSWORD },
      headers: { origin: baseURL, "sec-fetch-site": "same-origin" },
      maxRedirects: 0,
    });
    answers.push(["POST /login", login]);
    expect(login.status()).toBe(303);
    // Single sign-on's start, with the provider unreachable: back to the login page, told why.
    const sso = await read(visitor, "/login/sso/start");
    expect(sso.status()).toBe(307);
    expect(sso.headers().location).toMatch(/\/login\?ssoError=/);
    const pages = [
      "/automations",
      "/runs",
      "/events",
      "/settings",
      "/team",
      "/audit",
      ...runs.flatMap((run) => [`/runs/${run.id}`]),
    ];
    pages.push(...runs.map((run) => `/events/${run.eventId}`));
    for (const target of pages) {
      expect((await read(visitor, target)).status(), target).toBe(200);
      await read(visitor, target, { RSC: "1" });
    }

    const found: string[] = [];
    for (const [label, response] of answers) {
      const headers = response
        .headersArray()
        .map((header) => `${header.name}: ${header.value}`)
        .join("\n");
      found.push(...secretsIn(`${headers}\n${await response.text()}`, SECRETS).map((secret) => `${label}: ${secret}`));
    }
    expect(existsSync(SECRETS_SERVER.log), SECRETS_SERVER.log).toBe(true);
    const log = readFileSync(SECRETS_SERVER.log, "utf8");
    found.push(...secretsIn(log, SECRETS).map((secret) => `${SECRETS_SERVER.log}: ${secret}`));
    recordFigures("access", "e2e-secrets-server", {
      title: "A server with every secret set, its Stripe and SMTP calls failing",
      database: "npm start (SQLite)",
      figures: {
        "secrets looked for": Object.keys(SECRETS).length,
        "responses scanned": answers.length,
        "step errors recorded": errors.filter(Boolean).length,
        "log lines scanned": log.split("\n").length,
        "secrets found in logs or responses": found.length,
      },
    });
    expect(found).toEqual([]);
  } finally {
    await api.dispose();
    await visitor.dispose();
  }
});
