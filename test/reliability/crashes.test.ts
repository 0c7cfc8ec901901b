import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "../support/figures";
import { startSmtpServer, type FakeSmtp } from "../support/smtp-server";
import { startStripeServer, type FakeStripe } from "../support/stripe-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedDueSteps, startWorkerProcess, waitUntilDrained, type WorkerProcess } from "../support/worker-fleet";
import { auditSteps } from "./step-audit";

// kill -9 a worker in the middle of a drain, twice, and let a fresh one finish. The first kill
// lands while Stripe has made changes whose responses never came back (the worker cannot know
// they happened); the second lands wherever the drain happens to be.
const STEPS = 1_500;
const LEASE_SECONDS = 5;
/** Each worker runs 8 steps at a time: what one kill can leave half done. */
const IN_FLIGHT_PER_WORKER = 8;

let database: TestDatabase;
let stripe: FakeStripe;
let smtp: FakeSmtp;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  database = await createTestDatabase("postgresql");
  [stripe, smtp] = await Promise.all([startStripeServer(), startSmtpServer()]);
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()));
  await Promise.all([stripe.close(), smtp.close()]);
  await database.drop();
});

const succeeded = () => database.db.runStep.count({ where: { status: "succeeded" } });
async function until(condition: () => Promise<boolean>) {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("crashes", () => {
  it("every step takes effect exactly once in Stripe, and no mail is lost, across two kill -9s", async () => {
    await seedDueSteps(database.db, stripe, {
      count: STEPS,
      dueAt: () => new Date(Date.now() - 1000),
      action: (i) => (i % 5 === 0 ? "send_team_email" : "mark_invoice_uncollectible"),
    });
    const start = () =>
      startWorkerProcess({ databaseUrl: database.url, stripe, smtpUrl: smtp.url, leaseSeconds: LEASE_SECONDS });

    // After 300 writes, Stripe makes the next changes but never answers: the worker hangs on them.
    let writes = 0;
    const swallowed = stripe.failNext(
      (request) => request.method === "POST" && ++writes > 300,
      { kind: "timeout", afterEffect: true },
      IN_FLIGHT_PER_WORKER,
    );
    workers.push(await start());
    await until(async () => swallowed.hits >= 1);
    await workers[0]!.kill();
    const atFirstKill = await succeeded();

    workers.push(await start());
    await until(async () => (await succeeded()) >= atFirstKill + (STEPS - atFirstKill) / 2);
    await workers[1]!.kill();
    const atSecondKill = await succeeded();

    workers.push(await start());
    const seconds = await waitUntilDrained(database.db);
    await workers[2]!.stop();

    const audit = await auditSteps(database.db, stripe, smtp);
    const swallowedKeys = stripe.requests.filter((request) => request.fault === "timeout").map((r) => r.idempotencyKey);
    const replayedAfterCrash = stripe.requests.filter(
      (request) => request.replayed && swallowedKeys.includes(request.idempotencyKey),
    ).length;
    recordFigures("crashes", "kill-9", {
      title: `kill -9 twice during a drain of ${STEPS.toLocaleString("en-US")} due steps (1 in 5 a mail), a fresh worker finishing`,
      database: "PostgreSQL",
      figures: {
        "steps due": audit.due,
        "succeeded at first kill": atFirstKill,
        "succeeded at second kill": atSecondKill,
        "Stripe changes whose response was lost": swallowed.hits,
        "…replayed by Stripe to the next worker": replayedAfterCrash,
        "steps taken up again after a kill": audit.claimedTwice,
        "executed (succeeded)": audit.succeeded,
        "Stripe changes doubled": audit.stripeDoubled,
        "mails received": audit.mailsReceived,
        "mails sent twice (same Message-ID)": audit.mailsDoubled,
        lost: audit.lost,
        "seconds after the last start": seconds.toFixed(1),
      },
    });

    expect(audit.lost).toBe(0);
    expect(audit.succeeded).toBe(STEPS);
    expect(audit.stripeDoubled).toBe(0);
    // The changes made before the kill were not made again: Stripe answered the retry from its store.
    expect(swallowed.hits).toBeGreaterThan(0);
    expect(replayedAfterCrash).toBe(swallowed.hits);
    expect(audit.claimedTwice).toBeGreaterThanOrEqual(swallowed.hits);
    // SMTP has no idempotency key: a mail accepted in the instant before the kill could commit its
    // step is sent again, with the same Message-ID. Never more than the steps one kill cuts short.
    expect(audit.mailsDoubled).toBeLessThanOrEqual(2 * IN_FLIGHT_PER_WORKER);
    expect(audit.mailsReceived - audit.mailsDoubled).toBe(STEPS / 5);
  });
});
