import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseProvider } from "../../lib/db/database-url";
import { recordFigures } from "../support/figures";
import { startSmtpServer, type FakeSmtp } from "../support/smtp-server";
import { startStripeServer, type FakeStripe } from "../support/stripe-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedDueSteps, startWorkerProcess, waitUntilDrained, type WorkerProcess } from "../support/worker-fleet";
import { auditSteps } from "./step-audit";

// Several real worker processes on one database, all steps due at once: each step is claimed and
// executed by exactly one of them. One step in ten sends a mail, the others write to Stripe.
let open: { database: TestDatabase; stripe: FakeStripe; smtp: FakeSmtp; workers: WorkerProcess[] } | undefined;
afterEach(async () => {
  if (!open) return;
  await Promise.all(open.workers.map((worker) => worker.kill()));
  await Promise.all([open.stripe.close(), open.smtp.close()]);
  await open.database.drop();
  open = undefined;
});

async function drainWithWorkers(provider: DatabaseProvider, workers: number, steps: number) {
  const database = await createTestDatabase(provider);
  const [stripe, smtp] = await Promise.all([startStripeServer(), startSmtpServer()]);
  open = { database, stripe, smtp, workers: [] };
  await seedDueSteps(database.db, stripe, {
    count: steps,
    dueAt: () => new Date(Date.now() - 1000),
    action: (i) => (i % 10 === 0 ? "send_team_email" : "mark_invoice_uncollectible"),
  });
  open.workers = await Promise.all(
    Array.from({ length: workers }, () => startWorkerProcess({ databaseUrl: database.url, stripe, smtpUrl: smtp.url })),
  );
  const seconds = await waitUntilDrained(database.db);
  // A worker reports at each tick and once more as it stops: read after the stop, the shares add up.
  await Promise.all(open.workers.map((worker) => worker.stop()));
  const shares = open.workers.map((worker) => worker.stepsReported());
  const audit = await auditSteps(database.db, stripe, smtp);
  const name = provider === "postgresql" ? "PostgreSQL" : "SQLite";
  recordFigures("concurrency", `${provider}-${workers}`, {
    title: `${workers} worker processes on one ${name} database, ${steps.toLocaleString("en-US")} steps due at once`,
    database: name,
    figures: {
      "steps due": audit.due,
      "executed once": audit.succeeded - audit.claimedTwice,
      "claimed twice": audit.claimedTwice,
      "Stripe changes doubled": audit.stripeDoubled,
      "mails doubled": audit.mailsDoubled,
      lost: audit.lost,
      "steps per worker": shares.join(" / "),
      "drain seconds": seconds.toFixed(1),
    },
  });
  return { audit, shares };
}

describe("concurrent workers", () => {
  it.each<[DatabaseProvider, number, number]>([
    ["postgresql", 4, 10_000],
    ["sqlite", 2, 3_000],
  ])("%s: %i processes execute each of %i due steps exactly once", async (provider, workers, steps) => {
    const { audit, shares } = await drainWithWorkers(provider, workers, steps);
    expect(audit).toMatchObject({
      due: steps,
      succeeded: steps,
      lost: 0,
      claimedTwice: 0,
      stripeDoubled: 0,
      stripeReplays: 0,
      mailsReceived: steps / 10,
      mailsDoubled: 0,
    });
    // Every worker took part (claims are spread), and together they did it all.
    expect(shares.every((share) => share > 0)).toBe(true);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(steps);
  });
});
