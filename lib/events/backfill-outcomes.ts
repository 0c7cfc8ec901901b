import { prismaRunner } from "@/lib/db/direct-sql";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { readJson } from "@/lib/db/json";
import { recordMatch } from "@/lib/outcomes/attribution";
import type { StripeObject } from "@/lib/rules/facts";
import { runContextSchema } from "@/lib/steps/run-context";
import { isTrigger } from "@/lib/triggers";
import { catchUpOutcome } from "./catch-up-outcome";

const BATCH = 500;

/**
 * Outcomes for the runs started before outcomes were kept (an upgraded install): each gets its
 * outcome from what the run recorded — its object, its event's arrival — and then the end events
 * stored since, exactly as a new run's would. Run by `npm run db:migrate` (and so by `npm run dev`
 * and `npm start`) after the migrations; cheap when there is nothing to do (two counts), and safe
 * beside another process doing the same (an outcome is unique per trigger and object).
 * Returns how many outcomes it wrote.
 */
export async function backfillOutcomes(db: Db): Promise<number> {
  const [runs, followed] = await Promise.all([db.run.count(), db.outcome.count({ where: { runId: { not: null } } })]);
  if (followed >= runs) return 0;
  let written = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.run.findMany({
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        automationId: true,
        trigger: true,
        objectId: true,
        eventId: true,
        context: true,
        createdAt: true,
      },
    });
    if (batch.length === 0) break;
    cursor = batch.at(-1)!.id;
    const have = new Set(
      (
        await db.outcome.findMany({
          where: { runId: { in: batch.map((run) => run.id) } },
          select: { runId: true },
        })
      ).map((row) => row.runId),
    );
    const missing = batch.filter((run) => !have.has(run.id) && isTrigger(run.trigger));
    const events = new Map(
      (
        await db.event.findMany({
          where: { id: { in: missing.map((run) => run.eventId) } },
          select: { id: true, receivedAt: true },
        })
      ).map((event) => [event.id, event.receivedAt]),
    );
    for (const run of missing) {
      const context = readJson(runContextSchema, run.context, `run ${run.id}'s context`);
      const object: StripeObject = context.invoice
        ? {
            id: run.objectId,
            object: "invoice",
            amount_due: context.invoice.amountDue,
            currency: context.invoice.currency,
            subscription: context.invoice.subscriptionId,
          }
        : { id: run.objectId, object: "subscription" };
      try {
        await db.$transaction((tx) =>
          recordMatch(tx, {
            automationId: run.automationId,
            trigger: run.trigger as Parameters<typeof recordMatch>[1]["trigger"],
            object,
            matchedAt: events.get(run.eventId) ?? run.createdAt,
            runId: run.id,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
      await catchUpOutcome({ db, sql: prismaRunner(db) }, object);
      written += 1;
    }
  }
  return written;
}
