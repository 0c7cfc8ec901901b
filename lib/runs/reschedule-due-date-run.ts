import type { Db, Tx } from "@/lib/db/client";
import { computeDueTimes } from "./compute-due-times";
import { readJson } from "@/lib/db/json";
import { runSnapshotSchema } from "./run-snapshot";

/**
 * A moved due date moves the steps of the invoice's due-date run that have not run yet; the
 * snapshot of its steps gives their offsets from the new date.
 */
export async function rescheduleDueDateRun(db: Db | Tx, input: { invoiceId: string; dueDate: Date }): Promise<number> {
  const run = await db.run.findFirst({
    where: { invoiceId: input.invoiceId, trigger: "invoice_due_date_upcoming", status: "running" },
  });
  if (!run) return 0;
  const snapshot = readJson(runSnapshotSchema, run.snapshot, `run ${run.id}'s snapshot`);
  const schedule = computeDueTimes(snapshot.steps, input.dueDate, input.dueDate);
  let moved = 0;
  for (const step of schedule) {
    const { count } = await db.runStep.updateMany({
      where: { runId: run.id, key: String(step.position), status: "pending" },
      data: { dueAt: step.dueAt },
    });
    moved += count;
  }
  await db.run.update({ where: { id: run.id }, data: { anchorAt: input.dueDate } });
  return moved;
}
