// Automations in shadow: each evaluated on every event of its trigger beside the live order, on its
// own (as if it were the only automation), recording whether it would have matched and the steps a
// run would have had — and acting on nothing. The events page shows these verdicts beside the live one.
import { z } from "zod";
import type { AutomationRecord } from "@/lib/automations/serialize-automation";
import { isUniqueViolation } from "@/lib/db/errors";
import { toJson } from "@/lib/db/json";
import type { Engine } from "@/lib/engine/engine";
import { evaluateAutomations, type FactLoaders } from "@/lib/rules/evaluate-automations";
import type { StripeObject } from "@/lib/rules/facts";
import { computeDueTimes } from "@/lib/runs/compute-due-times";
import type { Settings } from "@/lib/settings/settings";
import type { Trigger } from "@/lib/triggers";

/** A shadow verdict's steps column: what a run would have had. */
export const shadowStepsSchema = z.array(z.object({ action: z.string(), dueAt: z.string() }));

/**
 * Loaders that read each object once for all the evaluations of one event — the live order's and
 * every shadow's — so running an automation in shadow costs no extra Stripe read.
 */
export function sharedLoaders(loaders: FactLoaders): FactLoaders {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let pending = cache.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      cache.set(key, pending);
    }
    return pending;
  };
  const paymentFailure = loaders.paymentFailure;
  return {
    customer: (id) => once(`customer:${id}`, () => loaders.customer(id)),
    subscription: (id) => once(`subscription:${id}`, () => loaders.subscription(id)),
    ...(paymentFailure ? { paymentFailure: (id: string) => once(`payment:${id}`, () => paymentFailure(id)) } : {}),
  };
}

export async function recordShadowVerdicts(
  engine: Pick<Engine, "db">,
  input: {
    eventId: string;
    trigger: Trigger;
    objectId: string;
    object: StripeObject;
    anchorAt: Date;
    dueDate?: Date;
    /** The trigger's automations in shadow. */
    shadow: readonly AutomationRecord[];
    loaders: FactLoaders;
    settings: Settings;
    unavailableReason: string;
  },
): Promise<string[]> {
  const said: string[] = [];
  for (const automation of input.shadow) {
    const trace = await evaluateAutomations({
      trigger: input.trigger,
      automations: [{ ...automation, priority: automation.priority ?? 0 }],
      object: input.object,
      loaders: input.loaders,
      settings: input.settings,
      unavailableReason: input.unavailableReason,
    });
    const matched = trace.matchedAutomationId === automation.id;
    const steps = matched
      ? computeDueTimes(automation.steps, input.anchorAt, input.dueDate).map((step) => ({
          action: step.action,
          dueAt: step.dueAt.toISOString(),
        }))
      : [];
    try {
      await engine.db.shadowEvaluation.create({
        data: {
          eventId: input.eventId,
          trigger: input.trigger,
          objectId: input.objectId,
          automationId: automation.id,
          matched,
          trace: toJson(trace),
          steps: toJson(steps),
        },
      });
    } catch (error) {
      // Recorded already, by an earlier attempt at this event.
      if (!isUniqueViolation(error)) throw error;
    }
    said.push(`shadow “${automation.name}” ${matched ? "would have matched" : "would not have matched"}`);
  }
  return said;
}
