// "Run for…": an automation for one invoice or subscription, on a person's request — previewed on
// the test clock (nothing started), or started now (lib/runs/start-run-by-hand.ts).
import type { Actor } from "@/lib/auth/actor";
import { z } from "zod";
import type { Engine } from "@/lib/engine/engine";
import { invalid, parseOrThrow } from "@/lib/errors";
import { automationForObject, objectIdSchema, startRunByHand, type StartedByHand } from "@/lib/runs/start-run-by-hand";
import { strictFields } from "@/lib/zod/strict-fields";
import { simulateTimeline, type Timeline } from "./timeline";

export const runForSchema = strictFields(
  { objectId: objectIdSchema, preview: z.boolean({ error: "preview must be true or false" }).optional() },
  "a run started by hand",
);

export type RunFor = { preview: true; timeline: Timeline } | { preview: false; run: StartedByHand };

export async function runFor(
  engine: Pick<Engine, "db" | "sql" | "provider" | "gateway" | "now" | "config" | "signal">,
  actor: Actor,
  automationId: string,
  body: unknown,
): Promise<RunFor> {
  const input = parseOrThrow(runForSchema, body, "invalid request");
  if (!input.preview) return { preview: false, run: await startRunByHand(engine, actor, automationId, input.objectId) };
  const { automation, kind } = await automationForObject(engine, automationId, input.objectId);
  if (kind !== "invoice") {
    const message = "a preview follows an invoice; a subscription's runs have no invoice path to show";
    throw invalid(`preview: ${message}`, [{ path: "preview", message }]);
  }
  return {
    preview: true,
    timeline: await simulateTimeline(engine, { automation: { id: automation.id }, invoice: input.objectId }),
  };
}
