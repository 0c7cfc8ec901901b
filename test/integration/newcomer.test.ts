import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRecipesIfEmpty, STRIPE_RECIPES } from "../../lib/automations/seed-recipes";
import { sendSampleEvent } from "../../lib/samples/send-sample-event";
import { startHarness, TEST_WEBHOOK_SECRET, waitForProcessed, type Harness } from "../support/harness";
import { call } from "../support/routes";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

let h: Harness;
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  h = await startHarness({ dryRun: true });
  // A real HTTP listener in front of the app's route handlers, for the command that sends to a URL.
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      void call(request.method!, request.url!, { body: Buffer.concat(chunks).toString(), headers }).then(
        async (answer) => {
          response.writeHead(answer.status, { "content-type": "application/json" });
          response.end(await answer.text());
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await h.close();
});

describe("a newcomer sees it work", () => {
  it("seeds Stripe's three recipes into an empty database, once; one that cannot run here yet is seeded paused, saying why", async () => {
    const first = await seedRecipesIfEmpty(h.engine);
    expect(first.seeded).toBe(3);
    // No team emails in Settings yet: the team alert has nobody to write to.
    expect(first.paused).toEqual([
      {
        name: "Team alert on high-value overdue invoices",
        reasons: [expect.stringMatching(/^steps\.0\.params\.to: nobody to write to/)],
      },
    ]);
    expect((await seedRecipesIfEmpty(h.engine)).seeded).toBe(0);
    const automations = await h.database.db.automation.findMany({ orderBy: { createdAt: "asc" } });
    expect(automations.map((a) => [a.name, a.trigger, a.status])).toEqual(
      STRIPE_RECIPES.map((r) => [r.name, r.trigger, r.name.startsWith("Team alert") ? "paused" : "active"]),
    );
  });

  it("sends a signed sample event through the webhook route and a run follows (dry-run)", async () => {
    const sent = await sendSampleEvent({
      baseUrl,
      secret: TEST_WEBHOOK_SECRET,
      type: "invoice.payment_failed",
      options: { amount: 25_000, interval: "year", attemptCount: 1, created: h.clock.nowSeconds() },
    });
    expect(sent.status).toBe(200);
    const processed = await waitForProcessed(h.engine, sent.eventId);
    expect(processed.outcome).toMatch(/started run .* of “Custom dunning for annual subscribers” \(dry-run\)/);
    await h.tick();
    const step = await h.database.db.runStep.findFirstOrThrow({
      where: { run: { objectId: sent.objectId }, key: "0" },
    });
    expect(step.result).toMatchObject({
      autoAdvanceOff: { sent: false, dryRun: `would POST /v1/invoices/${sent.objectId}` },
    });
  });

  it("stops the product with a clear message when the database cannot be migrated", async () => {
    const failure = await run("npx", ["tsx", "scripts/db-migrate.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:9/nowhere" },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/could not be migrated, so the product will not start/);
    expect(failure?.stderr).toMatch(/Check DATABASE_URL/);
  });
});
