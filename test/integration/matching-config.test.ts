// Matching keeps the automations and settings it read under the database's ConfigStamp
// (lib/automations/matching-config.ts). Whatever writes them — the API, another process, raw SQL —
// the next event's claim must see the change: a paused automation never matches again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "../../lib/db/generated/sqlite/client";
import { sampleIds } from "../../lib/samples/sample-events";
import { startHarness, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

const stamp = async () => (await h.database.db.configStamp.findUnique({ where: { key: "matching" } }))?.stamp ?? null;

describe("matching reads automations and settings once per config stamp", () => {
  it("renews the stamp on every write to an automation or the settings, raw SQL included", async () => {
    const before = await stamp();
    const { id } = await h.automateAtOnce("invoice_finalized", ["mark_invoice_uncollectible"]);
    const created = await stamp();
    expect(created).not.toBeNull();
    expect(created).not.toBe(before);
    await h.database.db.$executeRaw(Prisma.sql`UPDATE "Automation" SET "name" = 'Renamed by hand' WHERE "id" = ${id}`);
    const renamed = await stamp();
    expect(renamed).not.toBe(created);
    expect((await h.api("PUT", "/api/settings", { defaultCurrency: "eur" })).status).toBe(200);
    expect(await stamp()).not.toBe(renamed);
    // Reading changes nothing.
    const now = await stamp();
    await h.api("GET", "/api/automations");
    expect(await stamp()).toBe(now);
  });

  it("a pause written behind the app's back is seen by the very next event", async () => {
    const { id } = await h.automateAtOnce("invoice_finalized", ["mark_invoice_uncollectible"]);
    const first = await h.deliverAndProcess(h.event("invoice.finalized", sampleIds()));
    expect(first.outcome).toMatch(/started run/);

    // Another process (or a person at the SQL prompt) pauses it: no API call, no in-process signal.
    await h.database.db.$executeRaw(Prisma.sql`UPDATE "Automation" SET "status" = 'paused' WHERE "id" = ${id}`);
    const second = await h.deliverAndProcess(h.event("invoice.finalized", sampleIds()));
    expect(second.outcome).not.toMatch(/started run/);
    expect(await h.database.db.run.count()).toBe(1);

    await h.database.db.$executeRaw(Prisma.sql`UPDATE "Automation" SET "status" = 'active' WHERE "id" = ${id}`);
    const third = await h.deliverAndProcess(h.event("invoice.finalized", sampleIds()));
    expect(third.outcome).toMatch(/started run/);
    expect(await h.database.db.run.count()).toBe(2);
  });

  it("without the stamp's row, every event reads the automations afresh", async () => {
    const { id } = await h.automateAtOnce("invoice_finalized", ["mark_invoice_uncollectible"]);
    await h.database.db.configStamp.deleteMany();
    expect((await h.deliverAndProcess(h.event("invoice.finalized", sampleIds()))).outcome).toMatch(/started run/);
    // A write puts the row back, with a stamp no cache holds...
    await h.database.db.$executeRaw(Prisma.sql`DELETE FROM "ConfigStamp"`);
    await h.database.db.$executeRaw(Prisma.sql`UPDATE "Automation" SET "status" = 'paused' WHERE "id" = ${id}`);
    expect(await stamp()).not.toBeNull();
    // ...and with the row gone again, the claim reads no stamp at all: the pause must still be
    // seen, which only a fresh read of the automations can do.
    await h.database.db.$executeRaw(Prisma.sql`DELETE FROM "ConfigStamp"`);
    expect((await h.deliverAndProcess(h.event("invoice.finalized", sampleIds()))).outcome).not.toMatch(/started run/);
    expect(await h.database.db.run.count()).toBe(1);
  });
});
