import type { Engine } from "@/lib/engine/engine";
import { processEvent } from "./process-event";
import type { StripeEvent } from "./stripe-event";

/** Beyond this many waiting, a burst's events are left to the worker's events pump (they are stored). */
const MAX_WAITING = 1_000;

interface Matching {
  active: number;
  waiting: Array<() => void>;
}
const globalForMatching = globalThis as { billingAutomationsMatching?: Matching };

/**
 * Matches a just-stored event in this process, after its answer — at most WORKER_CONCURRENCY at a
 * time, the rest in turn. Unbounded, a burst of deliveries queues hundreds of matchings for the
 * database pool ahead of the steps' claims, and no action runs until the burst is over.
 */
export async function matchSoon(
  engine: Engine,
  eventId: string,
  received: { event: StripeEvent; causedByRunStepId: string | null },
): Promise<void> {
  const state = (globalForMatching.billingAutomationsMatching ??= { active: 0, waiting: [] });
  if (state.active >= engine.config.workerConcurrency) {
    if (state.waiting.length >= MAX_WAITING) {
      engine.signal.notify("events");
      return;
    }
    await new Promise<void>((resolve) => state.waiting.push(resolve));
  } else {
    state.active += 1;
  }
  try {
    await processEvent(engine, eventId, received);
  } finally {
    // The lane passes to the next in line, or frees up.
    const next = state.waiting.shift();
    if (next) next();
    else state.active -= 1;
  }
}
