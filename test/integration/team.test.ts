import { describe, expect, it } from "vitest";
import { loginWithPassword } from "../../lib/auth/password-login";
import { resolveSession, createSession } from "../../lib/auth/sessions";
import { acceptInvitation } from "../../lib/users/users";
import { harnessForThisFile, TEST_API_TOKEN } from "../support/harness";

const h = harnessForThisFile();

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

type UserView = { id: string; email: string; role: string; status: string };

/** Invites through the API and follows the emailed link, as the person would. */
async function join(email: string, role: string, password = "a long enough password") {
  const invited = await json<UserView>(await h.api("POST", "/api/users", { email, role }), 201);
  const mail = await h.smtp.waitFor((message) => message.to.includes(email));
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
  await acceptInvitation(h.engine, token, { password, name: email.split("@")[0] });
  return { ...invited, token, password };
}

async function tokenFor(userId: string, scopes: string[]) {
  return json<{ id: string; token: string }>(
    await h.api("POST", "/api/tokens", { name: `${userId}-${scopes.join("-")}`, scopes, userId }),
    201,
  );
}

describe("users and roles", () => {
  it("invites by email with a one-time link; the person chooses a password and logs in with it", async () => {
    const invited = await json<UserView>(
      await h.api("POST", "/api/users", { email: "Ana@Example.com", name: "Ana", role: "editor" }),
      201,
    );
    expect(invited).toMatchObject({ email: "ana@example.com", role: "editor", status: "invited" });
    const mail = await h.smtp.waitFor((message) => message.to.includes("ana@example.com"));
    expect(mail.subject).toBe("You are invited to Billing Automations");
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
    // No password until the invitation is accepted, and a short one is refused, naming the field.
    await expect(acceptInvitation(h.engine, token, { password: "short" })).rejects.toMatchObject({
      issues: [{ path: "password" }],
    });
    const joined = await acceptInvitation(h.engine, token, { password: "correct horse battery" });
    expect(joined.status).toBe("active");
    // The link is spent.
    await expect(acceptInvitation(h.engine, token, { password: "correct horse battery" })).rejects.toThrow(
      /expired or was already used/,
    );
    const stored = await h.engine.db.user.findUniqueOrThrow({ where: { id: invited.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.inviteTokenHash).toBeNull();

    const login = (password: string) =>
      loginWithPassword(h.engine, { email: "ana@example.com", password, address: "203.0.113.9" });
    expect(await login("wrong password!")).toEqual({ ok: false, error: "That email and password do not match." });
    expect(await login("correct horse battery")).toEqual({ ok: true, userId: invited.id });
    const attempts = await h.engine.db.auditEntry.findMany({ where: { entity: "session", entityId: invited.id } });
    expect(attempts.map((entry) => entry.action).sort()).toEqual(["login.failed", "login.succeeded"]);
    expect(attempts.find((entry) => entry.action === "login.failed")!.summary).toContain("203.0.113.9");
  });

  it("refuses an invitation without SMTP, a duplicate user, and a bad role, naming the field", async () => {
    const bad = await json<{ error: { issues: Array<{ path: string }> } }>(
      await h.api("POST", "/api/users", { email: "not-an-email", role: "owner" }),
      400,
    );
    expect(bad.error.issues.map((issue) => issue.path).sort()).toEqual(["email", "role"]);
    await join("dup@example.com", "viewer");
    expect((await h.api("POST", "/api/users", { email: "dup@example.com", role: "viewer" })).status).toBe(409);
  });

  it("keeps ADMIN_PASSWORD as the bootstrap admin's way in", async () => {
    const config = { ...h.engine.config, adminPassword: "bootstrap-password-1" };
    const engine = { ...h.engine, config };
    const ok = await loginWithPassword(engine, { email: "admin", password: "bootstrap-password-1", address: "x" });
    expect(ok.ok).toBe(true);
    const wrong = await loginWithPassword(engine, { email: "admin", password: "nope", address: "x" });
    expect(wrong.ok).toBe(false);
  });

  it("ends sessions at once on deactivation, stops the user's tokens, and keeps the last admin", async () => {
    const ops = await join("ops@example.com", "operator");
    const session = await createSession(h.engine.db, { userId: ops.id, method: "password", now: h.clock.now() });
    expect(await resolveSession(h.engine.db, session.token, h.clock.now())).toMatchObject({ role: "operator" });
    const { token } = await tokenFor(ops.id, ["read"]);
    expect((await h.api("GET", "/api/automations", undefined, { token })).status).toBe(200);

    await json(await h.api("DELETE", `/api/users/${ops.id}`), 200);
    expect(await resolveSession(h.engine.db, session.token, h.clock.now())).toBeNull();
    expect((await h.api("GET", "/api/automations", undefined, { token })).status).toBe(401);

    // The bootstrap admin is the only admin: it cannot be demoted or deactivated.
    const { users } = await json<{ users: UserView[] }>(await h.api("GET", "/api/users"), 200);
    const admin = users.find((user) => user.email === "admin")!;
    const refused = await json<{ error: { issues: Array<{ path: string }> } }>(
      await h.api("PATCH", `/api/users/${admin.id}`, { role: "viewer" }),
      400,
    );
    expect(refused.error.issues[0]!.path).toBe("role");
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, act with their owner's role capped by their scopes, and can be revoked", async () => {
    const editor = await join("ed@example.com", "editor");
    const readOnly = await tokenFor(editor.id, ["read"]);
    const readWrite = await tokenFor(editor.id, ["read", "write"]);
    expect(readWrite.token).toMatch(/^bat_/);
    const stored = await h.engine.db.apiToken.findUniqueOrThrow({ where: { id: readWrite.id } });
    expect(JSON.stringify(stored)).not.toContain(readWrite.token);
    const { tokens } = await json<{ tokens: Array<Record<string, unknown>> }>(await h.api("GET", "/api/tokens"), 200);
    expect(JSON.stringify(tokens)).not.toContain(readWrite.token);

    const body = {
      name: "By token",
      trigger: "invoice_finalized",
      conditions: [],
      steps: [{ type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } }],
    };
    const refused = await json<{ error: { message: string } }>(
      await h.api("POST", "/api/automations", body, { token: readOnly.token }),
      403,
    );
    expect(refused.error.message).toMatch(/can only read/);
    const created = await json<{ id: string }>(
      await h.api("POST", "/api/automations", body, { token: readWrite.token }),
      201,
    );
    // An editor's token is still no admin's.
    expect((await h.api("PUT", "/api/settings", {}, { token: readWrite.token })).status).toBe(403);
    const used = await h.engine.db.apiToken.findUniqueOrThrow({ where: { id: readWrite.id } });
    expect(used.lastUsedAt).not.toBeNull();

    const entry = await h.engine.db.auditEntry.findFirstOrThrow({
      where: { entity: "automation", entityId: created.id, action: "automation.created" },
    });
    expect(entry).toMatchObject({ actorKind: "token", actorId: readWrite.id, origin: "api" });
    expect(entry.actorLabel).toBe(`token ${editor.id}-read-write (ed@example.com)`);

    await json(await h.api("DELETE", `/api/tokens/${readWrite.id}`), 200);
    expect((await h.api("GET", "/api/automations", undefined, { token: readWrite.token })).status).toBe(401);
  });

  it("refuses bad scopes, naming the field, and says ADMIN_API_TOKEN is the bootstrap admin", async () => {
    const bad = await json<{ error: { issues: Array<{ path: string }> } }>(
      await h.api("POST", "/api/tokens", { name: "x", scopes: ["write"] }),
      400,
    );
    expect(bad.error.issues[0]!.path).toBe("scopes");
    const made = await json<{ userEmail: string }>(
      await h.api("POST", "/api/tokens", { name: "mine", scopes: ["read"] }, { token: TEST_API_TOKEN }),
      201,
    );
    expect(made.userEmail).toBe("admin");
  });
});
