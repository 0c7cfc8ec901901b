import { describe, expect, it } from "vitest";
import { ROLES, roleAtLeast, type Role } from "../../lib/auth/roles";
import { isApiFallback } from "../../lib/http/api-fallbacks";
import { createApiToken } from "../../lib/tokens/api-tokens";
import { harnessForThisFile } from "../support/harness";
import { recordFigures } from "../support/figures";
import { listRouteFiles } from "../support/routes";

const h = harnessForThisFile();

/**
 * The role each route and method needs, written out here rather than read from the code, so a
 * change of a route's role is a change of this table too. A route missing from it fails the test.
 */
const NEEDS: Record<string, Role> = {
  "GET /api/automations": "viewer",
  "POST /api/automations": "editor",
  "GET /api/automations/export": "viewer",
  "POST /api/automations/import": "editor",
  "PUT /api/automations/priority": "editor",
  "GET /api/automations/[id]": "viewer",
  "PATCH /api/automations/[id]": "editor",
  "DELETE /api/automations/[id]": "editor",
  "POST /api/automations/[id]/pause": "operator",
  "POST /api/automations/[id]/resume": "operator",
  "POST /api/automations/[id]/runs": "operator",
  "GET /api/automations/[id]/versions": "viewer",
  "GET /api/automations/[id]/versions/[n]": "viewer",
  "POST /api/automations/[id]/versions/[n]/restore": "editor",
  "GET /api/runs": "viewer",
  "GET /api/runs/[id]": "viewer",
  "POST /api/runs/[id]/cancel": "operator",
  "POST /api/runs/bulk": "operator",
  "GET /api/events": "viewer",
  "GET /api/events/[id]": "viewer",
  "GET /api/settings": "viewer",
  "PUT /api/settings": "admin",
  "GET /api/destinations": "viewer",
  "POST /api/destinations": "admin",
  "PATCH /api/destinations/[id]": "admin",
  "DELETE /api/destinations/[id]": "admin",
  "POST /api/destinations/[id]/test": "operator",
  "GET /api/webhook-endpoints": "viewer",
  "GET /api/webhook-endpoints/[id]/secret": "admin",
  "POST /api/webhook-endpoints/[id]/roll": "admin",
  "POST /api/simulations": "viewer",
  "POST /api/simulations/timeline": "viewer",
  "GET /api/audit": "viewer",
  "GET /api/outcomes": "viewer",
  "GET /api/outcomes/export": "viewer",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/[id]": "admin",
  "DELETE /api/users/[id]": "admin",
  "GET /api/tokens": "admin",
  "POST /api/tokens": "admin",
  "DELETE /api/tokens/[id]": "admin",
};
/** Not behind a token: Stripe's signature, the benchmark's floor (404 unless enabled), and health for load balancers. */
const OPEN = new Set(["POST /api/webhooks/stripe", "POST /api/bench/floor", "GET /api/health"]);

async function everyRoute(): Promise<Array<{ key: string; method: string; path: string }>> {
  const found: Array<{ key: string; method: string; path: string }> = [];
  for (const route of listRouteFiles().filter((candidate) => candidate.pattern.startsWith("/api/"))) {
    const handlers = (await import(route.file)) as Record<string, unknown>;
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      // The JSON 404/405 fallbacks answer without a token: they refuse, whoever asks.
      if (typeof handlers[method] !== "function" || isApiFallback(handlers[method])) continue;
      const key = `${method} ${route.pattern}`;
      if (!OPEN.has(key)) found.push({ key, method, path: route.pattern.replace(/\[[^\]]+\]/g, "x") });
    }
  }
  return found;
}

async function userWithRole(role: Role) {
  const user = await h.engine.db.user.create({ data: { email: `${role}@example.com`, role, status: "active" } });
  const admin = { kind: "system" as const, label: "test", origin: "api" as const };
  const write = await createApiToken(h.engine, admin, {
    name: `${role} rw`,
    scopes: ["read", "write"],
    userId: user.id,
  });
  const read = await createApiToken(h.engine, admin, { name: `${role} r`, scopes: ["read"], userId: user.id });
  return { user, write: write.token, read: read.token };
}

describe("the role matrix, for every route and method of the API", () => {
  it("names the role of every route", async () => {
    const keys = (await everyRoute()).map((route) => route.key).sort();
    expect(keys).toEqual(Object.keys(NEEDS).sort());
  });

  it("refuses each role what it must not do (403, changing nothing), and lets it do the rest", async () => {
    const routes = await everyRoute();
    const matrix: string[] = [];
    const tally = { refused: 0, allowed: 0, readOnlyRefused: 0, wrongAnswers: 0 };
    let viewerWrites = -1;
    for (const role of ROLES) {
      const { write, read } = await userWithRole(role);
      const entriesBefore = await h.engine.db.auditEntry.count();
      for (const route of routes) {
        const needed = NEEDS[route.key]!;
        const status = (await h.api(route.method, route.path, {}, { token: write })).status;
        const allowed = roleAtLeast(role, needed);
        if (allowed ? [401, 403].includes(status) : status !== 403) tally.wrongAnswers += 1;
        if (allowed) {
          tally.allowed += 1;
          expect([401, 403], `${role} may ${route.key}`).not.toContain(status);
        } else {
          tally.refused += 1;
          expect(status, `${role} must not ${route.key}`).toBe(403);
        }
        // Without the write scope, a token is a viewer's, whoever owns it.
        const readStatus = (await h.api(route.method, route.path, {}, { token: read })).status;
        if (needed === "viewer") expect([401, 403], `${role} (read scope) may ${route.key}`).not.toContain(readStatus);
        else {
          tally.readOnlyRefused += 1;
          expect(readStatus, `${role} (read scope) must not ${route.key}`).toBe(403);
        }
        matrix.push(`${role} ${route.key} → ${status}`);
      }
      // A viewer's requests write nothing (the ids are made up, so an allowed write finds nothing either).
      if (role === "viewer") viewerWrites = (await h.engine.db.auditEntry.count()) - entriesBefore;
    }
    expect(matrix).toHaveLength(ROLES.length * routes.length);
    expect(viewerWrites).toBe(0);
    recordFigures("access", `role-matrix-${h.engine.provider}`, {
      title: "Every API route and method × every role, through the real route handlers",
      database: h.engine.provider === "postgresql" ? "PostgreSQL" : "SQLite",
      figures: {
        "routes × methods": routes.length,
        roles: ROLES.join(", "),
        "requests made": ROLES.length * routes.length * 2,
        "refused as they must be (403)": tally.refused,
        "allowed as they may be": tally.allowed,
        "writes refused to read-only tokens": tally.readOnlyRefused,
        "answers not as the matrix says": tally.wrongAnswers,
        "audit entries a viewer's requests wrote": viewerWrites,
      },
    });
  });

  it("refuses a deactivated owner's token, a revoked one, and one from another install", async () => {
    const { user, write } = await userWithRole("admin");
    expect((await h.api("GET", "/api/users", undefined, { token: write })).status).toBe(200);
    await h.engine.db.user.update({ where: { id: user.id }, data: { status: "deactivated" } });
    expect((await h.api("GET", "/api/users", undefined, { token: write })).status).toBe(401);
    expect((await h.api("GET", "/api/users", undefined, { token: `bat_${"A".repeat(43)}` })).status).toBe(401);
  });
});
