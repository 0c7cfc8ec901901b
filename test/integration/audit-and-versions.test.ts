import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const teamEmail = (memo: string) => ({
  type: "action",
  action: "send_team_email",
  params: { to: ["ops@example.com"], memo },
});
const dunning = {
  name: "Dunning",
  trigger: "subscription_payment_failed",
  conditions: [],
  steps: [teamEmail("first"), { type: "delay", amount: 2, unit: "days" }, teamEmail("second")],
};

type AuditEntry = {
  action: string;
  entity: string;
  entityId: string | null;
  actor: { kind: string; label: string };
  origin: string;
  before: unknown;
  after: unknown;
};

describe("the audit log", () => {
  it("records every write with who, where from, and before and after; filters and pages", async () => {
    const { id } = await h.createAutomation(dunning);
    await json(await h.api("PATCH", `/api/automations/${id}`, { name: "Dunning, renamed" }), 200);
    await json(await h.api("POST", `/api/automations/${id}/pause`, { inProgress: "finish" }), 200);
    await json(await h.api("POST", `/api/automations/${id}/resume`), 200);
    await json(await h.api("PUT", "/api/settings", { teamEmails: ["team@example.com"] }), 200);

    const page = await json<{ entries: AuditEntry[]; nextCursor: string | null }>(
      await h.api("GET", `/api/audit?entity=automation&entityId=${id}`),
      200,
    );
    expect(page.entries.map((entry) => entry.action)).toEqual([
      "automation.resumed",
      "automation.paused",
      "automation.updated",
      "automation.created",
    ]);
    const renamed = page.entries.find((entry) => entry.action === "automation.updated")!;
    expect(renamed).toMatchObject({
      actor: { kind: "token", label: "token ADMIN_API_TOKEN (admin)" },
      origin: "api",
      before: { name: "Dunning" },
      after: { name: "Dunning, renamed" },
    });
    const settings = await json<{ entries: AuditEntry[] }>(await h.api("GET", "/api/audit?entity=settings"), 200);
    expect(settings.entries[0]).toMatchObject({
      before: { teamEmails: [] },
      after: { teamEmails: ["team@example.com"] },
    });

    const first = await json<{ entries: AuditEntry[]; nextCursor: string }>(
      await h.api("GET", "/api/audit?limit=2"),
      200,
    );
    expect(first.entries).toHaveLength(2);
    const second = await json<{ entries: AuditEntry[] }>(
      await h.api("GET", `/api/audit?limit=2&cursor=${first.nextCursor}`),
      200,
    );
    expect(second.entries[0]).not.toEqual(first.entries[0]);
    const byActor = await json<{ entries: AuditEntry[] }>(await h.api("GET", "/api/audit?actor=ADMIN_API_TOKEN"), 200);
    expect(byActor.entries.length).toBeGreaterThanOrEqual(5);
    const future = await json<{ entries: AuditEntry[] }>(await h.api("GET", "/api/audit?from=2999-01-01"), 200);
    expect(future.entries).toEqual([]);
    const bad = await json<{ error: { issues: Array<{ path: string }> } }>(
      await h.api("GET", "/api/audit?entity=nope&from=yesterday"),
      400,
    );
    expect(bad.error.issues.map((issue) => issue.path).sort()).toEqual(["entity", "from"]);
  });

  it("is append-only: the database refuses to change or delete an entry, and no code tries", async () => {
    await h.createAutomation({ ...dunning, name: "Append-only" });
    const entry = await h.engine.db.auditEntry.findFirstOrThrow();
    await expect(h.engine.db.auditEntry.update({ where: { id: entry.id }, data: { summary: "x" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(h.engine.db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(h.engine.db.auditEntry.deleteMany()).rejects.toThrow(/append-only/);
    await expect(h.engine.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "summary" = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    expect((await h.engine.db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).summary).toBe(entry.summary);

    // The only write in the code base is recordAudit's create.
    const root = path.resolve(import.meta.dirname, "../..");
    const offenders: string[] = [];
    for (const dir of ["app", "lib", "jobs", "scripts", "components"]) {
      for (const file of fs.readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })) {
        if (!/\.(ts|tsx)$/.test(file) || file.includes("generated")) continue;
        const text = fs.readFileSync(path.join(root, dir, file), "utf8");
        if (/auditEntry\.(update|updateMany|upsert|delete|deleteMany)\b|"AuditEntry"/.test(text)) {
          offenders.push(`${dir}/${file}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("versions of an automation", () => {
  it("numbers every saved change with its author; shows one; restores an old one as a new version", async () => {
    const { id } = await h.createAutomation(dunning);
    await json(await h.api("PATCH", `/api/automations/${id}`, { steps: [teamEmail("only")] }), 200);
    const { versions } = await json<{
      versions: Array<{ number: number; change: string; author: { label: string }; definition: { steps: unknown[] } }>;
    }>(await h.api("GET", `/api/automations/${id}/versions`), 200);
    expect(versions.map((version) => [version.number, version.change])).toEqual([
      [2, "edited"],
      [1, "created"],
    ]);
    expect(versions[0]!.author.label).toBe("token ADMIN_API_TOKEN (admin)");
    const one = await json<{ definition: { steps: unknown[] } }>(
      await h.api("GET", `/api/automations/${id}/versions/1`),
      200,
    );
    expect(one.definition.steps).toHaveLength(3);
    expect((await h.api("GET", `/api/automations/${id}/versions/9`)).status).toBe(404);
    expect((await h.api("GET", `/api/automations/${id}/versions/x`)).status).toBe(404);

    const restored = await json<{ version: number; steps: unknown[] }>(
      await h.api("POST", `/api/automations/${id}/versions/1/restore`),
      200,
    );
    expect(restored).toMatchObject({ version: 3 });
    expect(restored.steps).toEqual(one.definition.steps);
    const latest = await json<{ change: string }>(await h.api("GET", `/api/automations/${id}/versions/3`), 200);
    expect(latest.change).toBe("restored version 1");
  });

  it("gives an automation saved before versions were kept its version 1 when the database is migrated", async () => {
    const { id } = await h.createAutomation({ ...dunning, name: "From before versions" });
    await h.engine.db.automationVersion.deleteMany({ where: { automationId: id } });
    // The migration's own statement, run again over this automation as it would over an older install's.
    const provider = h.engine.provider;
    const dir = path.resolve(import.meta.dirname, `../../prisma/migrations/${provider}`);
    const migration = fs.readdirSync(dir).find((name) => name.endsWith("_team_audit_versions"))!;
    const sql = fs.readFileSync(path.join(dir, migration, "migration.sql"), "utf8");
    const insert = /INSERT INTO "AutomationVersion"[\s\S]*?FROM "Automation"/.exec(sql)![0];
    await h.engine.db.$executeRawUnsafe(`${insert} WHERE "id" = '${id}'`);
    const versions = await json<{
      versions: Array<{ number: number; author: { label: string }; definition: unknown }>;
    }>(await h.api("GET", `/api/automations/${id}/versions`), 200);
    expect(versions.versions).toHaveLength(1);
    expect(versions.versions[0]).toMatchObject({
      number: 1,
      author: { label: "migration" },
      definition: { name: "From before versions", status: "active", shadow: false, steps: dunning.steps },
    });
  });

  it("a run starts on the version in force and finishes on it, however the automation is edited meanwhile", async () => {
    const { id } = await h.createAutomation(dunning);
    const { ids } = await h.paymentFails();
    await h.tick();
    const started = await h.runOf(ids.invoiceId!);
    expect(started.automationVersion).toBe(1);

    // Mid-run, the second email's memo changes and a step is added: the run keeps version 1.
    await json(
      await h.api("PATCH", `/api/automations/${id}`, {
        steps: [teamEmail("first"), { type: "delay", amount: 2, unit: "days" }, teamEmail("changed"), teamEmail("new")],
      }),
      200,
    );
    h.clock.advanceDays(3);
    await h.tick();
    const finished = await h.runOf(ids.invoiceId!);
    expect(finished.status).toBe("succeeded");
    expect(finished.automationVersion).toBe(1);
    expect(finished.steps.map((step) => step.action)).toEqual(["send_team_email", "send_team_email"]);
    const memos = h.smtp.messages.filter((mail) => mail.subject.includes("Dunning")).map((mail) => mail.text ?? "");
    expect(memos.some((text) => text.includes("second"))).toBe(true);
    expect(memos.some((text) => text.includes("changed") || text.includes("new"))).toBe(false);
    const run = await json<{ automationVersion: number }>(await h.api("GET", `/api/runs/${finished.id}`), 200);
    expect(run.automationVersion).toBe(1);
  });
});
