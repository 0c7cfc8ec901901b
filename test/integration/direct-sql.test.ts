// The worker's direct statements (lib/db/direct-sql.ts) read and write rows exactly as Prisma does —
// timestamps in UTC whatever the machine's time zone, JSON, booleans — and their transactions
// commit or roll back whole.
import { afterEach, describe, expect, it } from "vitest";
import { Prisma } from "../../lib/db/generated/sqlite/client";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();
const originalTimeZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTimeZone;
});

async function aRunWithSteps() {
  await h.automateAtOnce("subscription_payment_failed", [
    { action: "send_team_email", params: { to: ["ops@example.com"] } },
  ]);
  const { ids } = await h.paymentFails();
  return h.runOf(ids.invoiceId);
}

describe("direct statements", () => {
  it("read a step and its run as Prisma's model API does", async () => {
    const run = await aRunWithSteps();
    const step = run.steps[0]!;
    const viaPrisma = await h.engine.db.runStep.findUniqueOrThrow({ where: { id: step.id }, include: { run: true } });
    if (h.engine.provider !== "postgresql") return; // SQLite's raw rows keep JSON as text: the worker reads through Prisma there
    const [direct] = await h.engine.sql.query(Prisma.sql`SELECT * FROM "RunStep" WHERE "id" = ${step.id}`);
    const [directRun] = await h.engine.sql.query(Prisma.sql`SELECT * FROM "Run" WHERE "id" = ${run.id}`);
    expect({ ...(direct as object), run: directRun }).toEqual(viaPrisma);
  });

  it("keep timestamps in UTC on a machine in another time zone", async () => {
    process.env.TZ = "America/New_York";
    const run = await aRunWithSteps();
    const step = run.steps[0]!;
    const later = new Date("2026-07-01T12:34:56.789Z");
    expect(
      await h.engine.sql.execute(Prisma.sql`UPDATE "RunStep" SET "dueAt" = ${later} WHERE "id" = ${step.id}`),
    ).toBe(1);
    const stored = await h.engine.db.runStep.findUniqueOrThrow({ where: { id: step.id } });
    expect(stored.dueAt.toISOString()).toBe(later.toISOString());
    const [due] = await h.engine.sql.query<{ dueNow: number }>(
      Prisma.sql`SELECT CASE WHEN "dueAt" <= ${later} THEN 1 ELSE 0 END AS "dueNow" FROM "RunStep" WHERE "id" = ${step.id}`,
    );
    expect(Number(due!.dueNow)).toBe(1);
    if (h.engine.provider === "postgresql") {
      const [row] = await h.engine.sql.query<{ dueAt: Date }>(
        Prisma.sql`SELECT "dueAt" FROM "RunStep" WHERE "id" = ${step.id}`,
      );
      expect(row!.dueAt.toISOString()).toBe(later.toISOString());
    }
  });

  it("commit a transaction whole, or roll it back whole", async () => {
    const run = await aRunWithSteps();
    const reason = (text: string) => Prisma.sql`UPDATE "Run" SET "statusReason" = ${text} WHERE "id" = ${run.id}`;
    await expect(
      h.engine.sql.transaction(async (sql) => {
        await sql.execute(reason("half done"));
        throw new Error("the second write failed");
      }),
    ).rejects.toThrow("the second write failed");
    expect((await h.engine.db.run.findUniqueOrThrow({ where: { id: run.id } })).statusReason).toBeNull();
    await h.engine.sql.transaction((sql) => sql.execute(reason("all done")));
    expect((await h.engine.db.run.findUniqueOrThrow({ where: { id: run.id } })).statusReason).toBe("all done");
  });
});
