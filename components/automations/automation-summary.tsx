import { Fragment } from "react";
import { describeCondition, describeStep } from "@/lib/automations/describe";
import type { Condition, Step } from "@/lib/automations/schema";

/** "When … and …" / "Then … → … → …": an automation in two lines (lib/automations/describe.ts). */
export function AutomationSummary({
  conditions,
  steps,
  currency,
}: {
  conditions: readonly Condition[];
  steps: readonly Step[];
  currency: string;
}) {
  return (
    <div className="mt-1 space-y-0.5 text-sm break-words text-slate-600">
      <p>
        <span className="font-medium text-slate-800">When </span>
        {conditions.length === 0
          ? "every event of this trigger (no conditions)"
          : conditions.map((condition) => describeCondition(condition, currency)).join(" and ")}
      </p>
      <p>
        <span className="font-medium text-slate-800">Then </span>
        {steps.map((step, index) => (
          <Fragment key={index}>
            {index > 0 ? (
              <>
                <span aria-hidden="true" className="text-slate-400">
                  {" → "}
                </span>
                <span className="sr-only">, then </span>
              </>
            ) : null}
            <span>{describeStep(step)}</span>
          </Fragment>
        ))}
      </p>
    </div>
  );
}
