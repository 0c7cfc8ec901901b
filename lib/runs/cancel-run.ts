import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { endRun } from "./end-run";
import { getRun } from "./list-runs";

/** A person stops a run: its steps that have not started are canceled. The run says who. */
export async function cancelRun(db: Db, actor: Actor, id: string, now = new Date()) {
  const run = await getRun(db, id);
  if (run.status !== "running") throw conflict(`run ${id} is already ${run.status}`);
  const reason = `canceled by ${actorLabel(actor)}`;
  await db.$transaction(async (tx) => {
    const ended = await endRun(tx, { runId: id, status: "canceled", reason, now });
    if (!ended) throw conflict(`run ${id} ended while it was being canceled`);
    await recordAudit(
      tx,
      actor,
      {
        action: "run.canceled",
        entity: "run",
        entityId: id,
        before: { status: run.status },
        after: { status: "canceled", statusReason: reason },
        summary: `Canceled the run of ${run.automationName} for ${run.objectId}`,
      },
      now,
    );
  });
  return getRun(db, id);
}
