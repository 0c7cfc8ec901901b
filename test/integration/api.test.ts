import { describe, expect, it } from "vitest";
import { isApiFallback } from "../../lib/http/api-fallbacks";
import { sampleIds } from "../../lib/samples/sample-events";
import { harnessForThisFile } from "../support/harness";
import { listRouteFiles } from "../support/routes";

const h = harnessForThisFile();

const email = (to = "ops@example.com") => ({ type: "action", action: "send_team_email", params: { to: [to] } });

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function create(body: object) {
  return json<{ id: string; priority: number; status: string }>(await h.api("POST", "/api/automations", body), 201);
}

describe("the JSON API", () => {
  it("refuses every route without the bearer token (the webhook and health excepted), and a wrong token", async () => {
    const routes = listRouteFiles().filter(
      (route) =>
        route.pattern.startsWith("/api/") &&
        route.pattern !== "/api/webhooks/stripe" &&
        route.pattern !== "/api/health",
    );
    expect(routes.length).toBeGreaterThanOrEqual(11);
    for (const route of routes) {
      const handlers = (await import(route.file)) as Record<string, unknown>;
      const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter(
        (m) => typeof handlers[m] === "function" && !isApiFallback(handlers[m]),
      );
      for (const method of methods) {
        const path = route.pattern.replace(/\[[^\]]+\]/g, "x");
        // The benchmark's floor route does not exist unless BENCH_FLOOR_ROUTE=1: a 404 like any unknown path.
        const refusal = path === "/api/bench/floor" ? 404 : 401;
        expect((await h.api(method, path, {}, { token: null })).status, `${method} ${path}`).toBe(refusal);
        expect((await h.api(method, path, {}, { token: "wrong-token" })).status, `${method} ${path}`).toBe(refusal);
      }
    }
  });

  it("answers an unknown path with a JSON 404 and a method a route does not take with a JSON 405 naming those it does", async () => {
    for (const path of ["/api/nope", "/api/automations/x/nope/deeper"]) {
      const unknown = await h.api("GET", path);
      expect(unknown.headers.get("content-type")).toContain("application/json");
      expect(await json(unknown, 404)).toEqual({ error: { message: `no API route at ${path}` } });
    }
    const refused = await h.api("DELETE", "/api/runs");
    expect(refused.headers.get("allow")).toBe("GET, HEAD");
    expect(await json(refused, 405)).toEqual({
      error: { message: "DELETE is not allowed on /api/runs: use GET, HEAD" },
    });
    const cancel = await h.api("GET", "/api/runs/x/cancel");
    expect(cancel.headers.get("allow")).toBe("POST");
    expect(cancel.status).toBe(405);
  });

  it("creates, reads, changes and lists automations, ordered by trigger then priority", async () => {
    const a = await create({ name: "A", trigger: "subscription_payment_failed", conditions: [], steps: [email()] });
    const b = await create({
      name: "B",
      trigger: "invoice_finalized",
      conditions: [{ type: "invoice_amount", min: 1000, max: null }],
      steps: [email()],
    });
    const c = await create({ name: "C", trigger: "subscription_payment_failed", conditions: [], steps: [email()] });
    expect([a.priority, b.priority, c.priority]).toEqual([1, 1, 2]);
    const list = await json<{ automations: Array<{ name: string }> }>(await h.api("GET", "/api/automations"), 200);
    expect(list.automations.map((x) => x.name)).toEqual(["B", "A", "C"]);
    const patched = await json<{ name: string; priority: number }>(
      await h.api("PATCH", `/api/automations/${c.id}`, { name: "C2" }),
      200,
    );
    expect(patched).toMatchObject({ name: "C2", priority: 2 });
    const read = await json<{ name: string }>(await h.api("GET", `/api/automations/${c.id}`), 200);
    expect(read.name).toBe("C2");
  });

  it("refuses invalid automations with a 400 that names the field and what is allowed, writing nothing", async () => {
    const notAllowed = await json<{ error: { message: string; issues: Array<{ path: string; message: string }> } }>(
      await h.api("POST", "/api/automations", {
        name: "Bad",
        trigger: "invoice_finalized",
        conditions: [],
        steps: [email(), { type: "action", action: "cancel_subscription" }],
      }),
      400,
    );
    expect(notAllowed.error.issues).toContainEqual({
      path: "steps.1.action",
      message: expect.stringMatching(
        /cancel_subscription is not allowed on invoice_finalized; allowed: mark_invoice_uncollectible, send_team_email/,
      ),
    });
    const badUnit = await json<{ error: { issues: Array<{ path: string }> } }>(
      await h.api("POST", "/api/automations", {
        name: "x",
        trigger: "invoice_finalized",
        conditions: [],
        steps: [{ type: "delay", amount: 1, unit: "weeks" }, email()],
      }),
      400,
    );
    expect(badUnit.error.issues.map((issue) => issue.path)).toContain("steps.0.unit");
    expect((await h.api("POST", "/api/automations", "not an object")).status).toBe(400);
    const notJson = await (
      await import("../support/routes")
    ).call("POST", "/api/automations", {
      body: "{oops",
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(notJson.status).toBe(400);
    expect(await h.database.db.automation.count()).toBe(0);
  });

  it("answers 404 for unknown ids", async () => {
    for (const [method, path] of [
      ["GET", "/api/automations/nope"],
      ["PATCH", "/api/automations/nope"],
      ["DELETE", "/api/automations/nope?inProgress=finish"],
      ["POST", "/api/automations/nope/resume"],
      ["GET", "/api/runs/nope"],
      ["POST", "/api/runs/nope/cancel"],
      ["GET", "/api/events/evt_nope"],
    ] as const) {
      const response = await h.api(method, path, method === "PATCH" ? { name: "x" } : undefined);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const pause = await h.api("POST", "/api/automations/nope/pause", { inProgress: "finish" });
    expect(pause.status).toBe(404);
  });

  it("writes a trigger's whole priority order at once, and refuses a partial one", async () => {
    const a = await create({ name: "A", trigger: "invoice_overdue", conditions: [], steps: [email()] });
    const b = await create({ name: "B", trigger: "invoice_overdue", conditions: [], steps: [email()] });
    const c = await create({ name: "C", trigger: "invoice_overdue", conditions: [], steps: [email()] });
    const partial = await h.api("PUT", "/api/automations/priority", { trigger: "invoice_overdue", ids: [c.id, a.id] });
    expect(partial.status).toBe(400);
    const reordered = await json<{ automations: Array<{ name: string; priority: number }> }>(
      await h.api("PUT", "/api/automations/priority", { trigger: "invoice_overdue", ids: [c.id, a.id, b.id] }),
      200,
    );
    expect(reordered.automations.map((x) => `${x.priority}:${x.name}`)).toEqual(["1:C", "2:A", "3:B"]);
  });

  it("runs only the first matching automation in priority order; pausing one lets events fall through", async () => {
    const big = await create({
      name: "Big",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "invoice_amount", min: 100_000, max: null }],
      steps: [email("big@example.com")],
    });
    const any = await create({
      name: "Any",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [email("any@example.com")],
    });
    const small = sampleIds();
    await h.deliverAndProcess(h.event("invoice.payment_failed", { ...small, attemptCount: 1, amount: 5_000 }));
    const large = sampleIds();
    const processed = await h.deliverAndProcess(
      h.event("invoice.payment_failed", { ...large, attemptCount: 1, amount: 250_000 }),
    );
    expect(processed.outcome).toMatch(/“Big”/);
    const runs = await h.database.db.run.findMany({ orderBy: { createdAt: "asc" } });
    expect(runs.map((run) => [run.objectId, run.automationId])).toEqual([
      [small.invoiceId, any.id],
      [large.invoiceId, big.id],
    ]);

    // The trace says why: Big checked first and failed on the amount, Any matched.
    const event = await json<{
      evaluations: Array<{ trace: { checked: Array<{ name: string; matched: boolean }>; summary: string } }>;
    }>(
      await h.api(
        "GET",
        `/api/events/${(await h.database.db.run.findFirstOrThrow({ where: { objectId: small.invoiceId } })).eventId}`,
      ),
      200,
    );
    expect(event.evaluations[0]!.trace.checked.map((x) => [x.name, x.matched])).toEqual([
      ["Big", false],
      ["Any", true],
    ]);

    // Pause "Any" (let its run finish): the next small failure matches nothing, and the trace says so.
    const paused = await json<{ canceledRuns: number }>(
      await h.api("POST", `/api/automations/${any.id}/pause`, { inProgress: "finish" }),
      200,
    );
    expect(paused.canceledRuns).toBe(0);
    const next = await h.deliverAndProcess(
      h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1, amount: 5_000 }),
    );
    expect(next.outcome).toMatch(/No automation matched — Stripe's default settings apply/);
    expect(await h.database.db.run.count({ where: { status: "running" } })).toBe(2);
  });

  it("pausing with inProgress=cancel cancels the running runs; resume puts the automation back", async () => {
    const a = await create({
      name: "A",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "delay", amount: 1, unit: "days" }, email()],
    });
    await h.deliverAndProcess(h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1 }));
    await h.deliverAndProcess(h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1 }));
    expect((await h.api("POST", `/api/automations/${a.id}/pause`, { inProgress: "maybe" })).status).toBe(400);
    const paused = await json<{ canceledRuns: number; automation: { status: string } }>(
      await h.api("POST", `/api/automations/${a.id}/pause`, { inProgress: "cancel" }),
      200,
    );
    expect(paused).toMatchObject({ canceledRuns: 2, automation: { status: "paused" } });
    expect(await h.database.db.run.count({ where: { status: "canceled" } })).toBe(2);
    expect(await h.database.db.runStep.count({ where: { status: "canceled" } })).toBe(2);
    const resumed = await json<{ status: string }>(await h.api("POST", `/api/automations/${a.id}/resume`), 200);
    expect(resumed.status).toBe("active");
  });

  it("deleting keeps history: runs stay readable, the automation leaves the list and the order", async () => {
    const a = await create({ name: "A", trigger: "invoice_finalized", conditions: [], steps: [email()] });
    const b = await create({ name: "B", trigger: "invoice_finalized", conditions: [], steps: [email()] });
    await h.deliverAndProcess(h.event("invoice.finalized", sampleIds()));
    expect((await h.api("DELETE", `/api/automations/${a.id}`)).status).toBe(400);
    await json(await h.api("DELETE", `/api/automations/${a.id}?inProgress=finish`), 200);
    const list = await json<{ automations: Array<{ id: string; priority: number }> }>(
      await h.api("GET", "/api/automations"),
      200,
    );
    expect(list.automations).toEqual([expect.objectContaining({ id: b.id, priority: 1 })]);
    const runs = await json<{ runs: Array<{ automationName: string; status: string }> }>(
      await h.api("GET", `/api/runs?automationId=${a.id}`),
      200,
    );
    expect(runs.runs).toEqual([expect.objectContaining({ automationName: "A", status: "running" })]);
  });

  it("exports automations as a file and imports it back, all or nothing, replacing rather than duplicating", async () => {
    await create({
      name: "A",
      trigger: "invoice_finalized",
      conditions: [{ type: "invoice_metadata", key: "region", value: "eu" }],
      steps: [email()],
    });
    await create({ name: "B", trigger: "invoice_finalized", holdoutPercent: 10, conditions: [], steps: [email()] });
    const file = await json<{ automations: Array<{ name: string; holdoutPercent?: number }> }>(
      await h.api("GET", "/api/automations/export"),
      200,
    );
    expect(file.automations.map((x) => [x.name, x.holdoutPercent])).toEqual([
      ["A", undefined],
      ["B", 10],
    ]);
    const bad = await json<{ error: { issues: Array<{ path: string }> } }>(
      await h.api("POST", "/api/automations/import", {
        automations: [...file.automations, { name: "C", trigger: "nope", steps: [] }],
      }),
      400,
    );
    expect(bad.error.issues[0]!.path).toMatch(/^automations\.2\./);
    expect(await h.database.db.automation.count()).toBe(2);
    type Imported = {
      automations: Array<{ name: string; priority: number; version: number }>;
      plan: { added: number; replaced: number; unchanged: number; steps: Array<{ name: string; action: string }> };
    };
    // The same file again finds both already there: nothing is written, nothing duplicated.
    const again = await json<Imported>(await h.api("POST", "/api/automations/import", file), 201);
    expect(again.automations).toEqual([]);
    expect(again.plan).toMatchObject({ added: 0, replaced: 0, unchanged: 2 });
    expect(await h.database.db.automation.count()).toBe(2);

    // A changed A replaces A (a new version, in its place); a new C is added last; the preview said so first.
    const changed = {
      automations: [
        { ...file.automations[0], conditions: [{ type: "invoice_metadata", key: "region", value: "us" }] },
        file.automations[1],
        { name: "C", trigger: "invoice_finalized", conditions: [], steps: [email()] },
      ],
    };
    const preview = await json<{ plan: Imported["plan"] }>(
      await h.api("POST", "/api/automations/import?preview=true", changed),
      200,
    );
    expect(preview.plan.steps.map((step) => `${step.action}:${step.name}`)).toEqual([
      "replace:A",
      "unchanged:B",
      "add:C",
    ]);
    expect(await h.database.db.automation.count()).toBe(2);
    const imported = await json<Imported>(await h.api("POST", "/api/automations/import", changed), 201);
    expect(imported.automations.map((x) => `${x.priority}:${x.name}:v${x.version}`)).toEqual(["1:A:v2", "3:C:v1"]);

    // Asked to, it adds beside what exists.
    const beside = await json<Imported>(
      await h.api("POST", "/api/automations/import", { ...file, existing: "add" }),
      201,
    );
    expect(beside.automations.map((x) => `${x.priority}:${x.name}`)).toEqual(["4:A", "5:B"]);
    expect(await h.database.db.automation.count({ where: { holdoutPercent: 10 } })).toBe(2);
  });

  it("lists runs by automation and status, shows a run with its steps, and cancels it", async () => {
    const a = await create({
      name: "A",
      trigger: "subscription_payment_failed",
      conditions: [],
      steps: [{ type: "delay", amount: 2, unit: "days" }, email()],
    });
    await h.deliverAndProcess(h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1 }));
    const list = await json<{ runs: Array<{ id: string }> }>(
      await h.api("GET", `/api/runs?automationId=${a.id}&status=running`),
      200,
    );
    expect(list.runs).toHaveLength(1);
    expect((await h.api("GET", "/api/runs?status=sleeping")).status).toBe(400);
    const run = await json<{ steps: Array<{ action: string; status: string }> }>(
      await h.api("GET", `/api/runs/${list.runs[0]!.id}`),
      200,
    );
    expect(run.steps).toEqual([expect.objectContaining({ action: "send_team_email", status: "pending" })]);
    const canceled = await json<{ status: string; statusReason: string }>(
      await h.api("POST", `/api/runs/${list.runs[0]!.id}/cancel`),
      200,
    );
    expect(canceled).toMatchObject({ status: "canceled", statusReason: "canceled by token ADMIN_API_TOKEN (admin)" });
    expect((await h.api("POST", `/api/runs/${list.runs[0]!.id}/cancel`)).status).toBe(409);
  });

  it("reads and validates settings", async () => {
    expect(await json(await h.api("GET", "/api/settings"), 200)).toEqual({
      defaultCurrency: "usd",
      exchangeRates: {},
      teamEmails: [],
      webhookEndpoints: [],
      timeZone: "UTC",
    });
    const bad = await json<{ error: { issues: Array<{ path: string; message: string }> } }>(
      await h.api("PUT", "/api/settings", {
        defaultCurrency: "dollars",
        teamEmails: ["not-an-email"],
        timeZone: "Mars/Olympus",
      }),
      400,
    );
    expect(bad.error.issues.map((issue) => issue.path).sort()).toEqual(["defaultCurrency", "teamEmails.0", "timeZone"]);
    expect(bad.error.issues.find((issue) => issue.path === "timeZone")?.message).toMatch(/Europe\/Paris/);
    expect(await json(await h.api("PUT", "/api/settings", { timeZone: "Europe/Paris" }), 200)).toMatchObject({
      timeZone: "Europe/Paris",
    });
    const saved = await json(
      await h.api("PUT", "/api/settings", { defaultCurrency: "EUR", exchangeRates: { usd: 0.92, jpy: 0.0061 } }),
      200,
    );
    expect(saved).toMatchObject({ defaultCurrency: "eur", exchangeRates: { usd: 0.92, jpy: 0.0061 } });
  });

  it("compares amounts in the default currency, zero-decimal currencies included", async () => {
    await json(await h.api("PUT", "/api/settings", { defaultCurrency: "usd", exchangeRates: { jpy: 0.0067 } }), 200);
    await create({
      name: "Over $500",
      trigger: "subscription_payment_failed",
      conditions: [{ type: "invoice_amount", min: 50_000, max: null }],
      steps: [email()],
    });
    // ¥100,000 (zero-decimal: 100000 minor units) ≈ $670 → matches; ¥50,000 ≈ $335 → does not.
    const yes = await h.deliverAndProcess(
      h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1, currency: "jpy", amount: 100_000 }),
    );
    const no = await h.deliverAndProcess(
      h.event("invoice.payment_failed", { ...sampleIds(), attemptCount: 1, currency: "jpy", amount: 50_000 }),
    );
    expect(yes.outcome).toMatch(/started run/);
    expect(no.outcome).toMatch(/No automation matched/);
  });
});
