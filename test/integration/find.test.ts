import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listEvents } from "../../lib/events/list-events";
import { listRuns } from "../../lib/runs/list-runs";
import { migrationsDir } from "../../lib/db/schema-files";
import { harnessForThisFile } from "../support/harness";

const h = harnessForThisFile();

const eventIds = async (filters: Parameters<typeof listEvents>[1]) =>
  (await listEvents(h.engine.db, filters)).events.map((event) => event.id);
const runIds = async (filters: Parameters<typeof listRuns>[1]) =>
  (await listRuns(h.engine.db, filters)).runs.map((run) => run.id);

const TEAM_EMAIL = { action: "send_team_email", params: { to: ["ops@example.com"] } };
const FIELDS = { customerId: true, customerEmail: true, subscriptionId: true, amount: true, currency: true } as const;

describe("finding events and runs", () => {
  it("finds them by each kind of id, by email in any case, by dates and by amount — and nothing else", async () => {
    await h.reset();
    await h.automateAtOnce("subscription_payment_failed", [TEAM_EMAIL]);
    const big = await h.paymentFails({ amount: 25_000 });
    const small = await h.paymentFails({ amount: 900 });
    const bigRun = await h.runOf(big.ids.invoiceId);
    const bigEvent = await h.engine.db.event.findUniqueOrThrow({ where: { id: big.event.id }, select: FIELDS });
    expect(bigEvent).toMatchObject({
      customerId: big.ids.customerId,
      subscriptionId: big.ids.subscriptionId,
      amount: 25_000,
      currency: "usd",
    });
    const email = bigEvent.customerEmail!;
    expect(email).toBe(email.toLowerCase());

    for (const q of [big.ids.invoiceId, big.ids.subscriptionId!, big.ids.customerId, big.event.id]) {
      expect(await eventIds({ q }), q).toEqual([big.event.id]);
      expect(await runIds({ q }), q).toEqual([bigRun.id]);
    }
    // The samples' customers share one email: it finds both, however it is typed.
    const smallRun = await h.runOf(small.ids.invoiceId);
    expect((await eventIds({ q: email.toUpperCase() })).sort()).toEqual([big.event.id, small.event.id].sort());
    expect((await runIds({ q: ` ${email} ` })).sort()).toEqual([bigRun.id, smallRun.id].sort());
    expect(await runIds({ q: bigRun.id })).toEqual([bigRun.id]);
    expect(await eventIds({ q: "in_nothing" })).toEqual([]);

    expect(await eventIds({ amountMin: 10_000, currency: "usd" })).toEqual([big.event.id]);
    expect(await runIds({ amountMax: 1_000, currency: "USD" })).toEqual([smallRun.id]);
    expect(await eventIds({ amountMin: 900, amountMax: 900, currency: "eur" })).toEqual([]);

    const now = h.clock.now();
    const yesterday = new Date(now.getTime() - 86_400_000).toISOString();
    expect(await eventIds({ from: yesterday, to: now.toISOString() })).toHaveLength(2);
    expect(await runIds({ to: yesterday })).toEqual([]);
  });

  it("refuses a search that does not read, naming the field", async () => {
    await expect(listRuns(h.engine.db, { amountMin: "lots" as unknown as number })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "amountMin", message: expect.stringMatching(/whole number/) })],
    });
    await expect(listEvents(h.engine.db, { from: "last tuesday" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "from", message: expect.stringMatching(/ISO 8601/) })],
    });
  });

  it("answers the API's search as the pages' (GET /api/events?q=…)", async () => {
    const { ids, event } = await h.paymentFails({ amount: 4_200 });
    const response = await h.api("GET", `/api/events?q=${ids.customerId}&amountMin=4200&amountMax=4200&currency=usd`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: Array<{ id: string; amount: number; customerId: string }> };
    expect(body.events).toEqual([expect.objectContaining({ id: event.id, amount: 4_200, customerId: ids.customerId })]);
  });

  it("writes the same fields, in the migration's SQL, for events and runs stored before they were kept", async () => {
    await h.automateAtOnce("subscription_payment_failed", [TEAM_EMAIL]);
    await h.paymentFails({ amount: 12_345 });
    await h.paymentFails({ amount: 678, currency: "eur" });
    const events = await h.engine.db.event.findMany({ select: { id: true, ...FIELDS }, orderBy: { id: "asc" } });
    const runs = await h.engine.db.run.findMany({
      select: { id: true, customerEmail: true, amount: true, currency: true },
      orderBy: { id: "asc" },
    });
    expect(events.length).toBeGreaterThan(0);
    await h.engine.db.event.updateMany({
      data: { customerId: null, customerEmail: null, subscriptionId: null, amount: null, currency: null },
    });
    await h.engine.db.run.updateMany({ data: { customerEmail: null, amount: null, currency: null } });

    const migration = fs.readFileSync(
      path.join(migrationsDir(h.engine.provider), "20261203174915_search_fields", "migration.sql"),
      "utf8",
    );
    const backfill = migration.slice(migration.indexOf("UPDATE"));
    for (const statement of backfill.split(/;\s*$/m).filter((text) => text.trim())) {
      await h.engine.db.$executeRawUnsafe(statement);
    }

    expect(await h.engine.db.event.findMany({ select: { id: true, ...FIELDS }, orderBy: { id: "asc" } })).toEqual(
      events,
    );
    expect(
      await h.engine.db.run.findMany({
        select: { id: true, customerEmail: true, amount: true, currency: true },
        orderBy: { id: "asc" },
      }),
    ).toEqual(runs);
  });
});
