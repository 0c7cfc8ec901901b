import { describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

/** Makes the database refuse every new audit entry, as a full disk or a lost connection would at that moment. */
async function breakTheAuditLog(): Promise<() => Promise<void>> {
  const db = h.engine.db;
  if (h.engine.provider === "postgresql") {
    await db.$executeRawUnsafe(
      `CREATE FUNCTION audit_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit fault'; END $$`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER audit_fault BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION audit_fault()`,
    );
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER audit_fault ON "AuditEntry"`);
      await db.$executeRawUnsafe(`DROP FUNCTION audit_fault()`);
    };
  }
  await db.$executeRawUnsafe(
    `CREATE TRIGGER audit_fault BEFORE INSERT ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'audit fault'); END`,
  );
  return async () => void (await db.$executeRawUnsafe(`DROP TRIGGER audit_fault`));
}

const step = { type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } };

describe("a change and its audit entry are one", () => {
  it("when the entry cannot be written, the change is not made either — for every kind of write tried", async () => {
    const { id } = await h.createAutomation({
      name: "Kept",
      trigger: "invoice_finalized",
      conditions: [],
      steps: [step],
    });
    const before = {
      automation: await (await h.api("GET", `/api/automations/${id}`)).json(),
      settings: await (await h.api("GET", "/api/settings")).json(),
      versions: await h.engine.db.automationVersion.count(),
      tokens: await h.engine.db.apiToken.count(),
    };
    const repair = await breakTheAuditLog();
    const writes: Array<[string, string, unknown]> = [
      ["POST", "/api/automations", { name: "New", trigger: "invoice_finalized", conditions: [], steps: [step] }],
      ["PATCH", `/api/automations/${id}`, { name: "Renamed" }],
      ["POST", `/api/automations/${id}/pause`, { inProgress: "finish" }],
      ["PUT", "/api/settings", { teamEmails: ["new@example.com"] }],
      ["POST", "/api/tokens", { name: "ci", scopes: ["read"] }],
      ["DELETE", `/api/automations/${id}?inProgress=finish`, undefined],
    ];
    const answers: string[] = [];
    try {
      for (const [method, path, body] of writes) {
        const response = await h.api(method, path, body);
        answers.push(`${method} ${path} → ${response.status}`);
        expect(response.status, `${method} ${path}`).toBe(500);
      }
    } finally {
      await repair();
    }
    const after = {
      automation: await (await h.api("GET", `/api/automations/${id}`)).json(),
      settings: await (await h.api("GET", "/api/settings")).json(),
      versions: await h.engine.db.automationVersion.count(),
      tokens: await h.engine.db.apiToken.count(),
    };
    expect(after).toEqual(before);
    const failures = h.logs.filter((line) => line.level === "error" || line.level === "50");
    expect(failures.length).toBeGreaterThanOrEqual(writes.length);

    // Repaired, the same write goes through with its entry.
    expect((await h.api("PATCH", `/api/automations/${id}`, { name: "Renamed" })).status).toBe(200);
    expect(await h.engine.db.auditEntry.count({ where: { entityId: id, action: "automation.updated" } })).toBe(1);

    recordFigures("access", `audit-atomicity-${h.engine.provider}`, {
      title: "Writes tried while the audit log refuses every entry",
      database: h.engine.provider === "postgresql" ? "PostgreSQL" : "SQLite",
      figures: {
        "writes tried": writes.length,
        "answered 500, changing nothing": answers.length,
        "changes kept without their entry": JSON.stringify(after) === JSON.stringify(before) ? 0 : "some",
      },
    });
  });
});
