import type { Db } from "@/lib/db/client";
import { conflict } from "@/lib/errors";
import { endRun } from "./end-run";
import { getRun } from "./list-runs";

/** A person stops a run: its steps that have not started are canceled. */
export async function cancelRun(db: Db, id: string, now = new Date()) {
  const run = await getRun(db, id);
  if (run.status !== "running") throw conflict(`run ${id} is already ${run.status}`);
  const ended = await endRun(db, { runId: id, status: "canceled", reason: "canceled by a person", now });
  if (!ended) throw conflict(`run ${id} ended while it was being canceled`);
  return getRun(db, id);
}
