import { FILTER_FIELD_CLASSES } from "@/components/ui/list-page";
import { TRIGGERS, triggerDefinitions } from "@/lib/triggers";

export interface AutomationOption {
  id: string;
  name: string;
  trigger: string;
  status: string;
}

/**
 * A filter bar's Automation select (`automationId`), grouped by trigger; an id no listed automation
 * has (a deleted one, from a link) stays selectable, so the filter the address holds is kept.
 */
export function AutomationFilterField({
  automations,
  selected,
  className = "sm:w-72",
}: {
  automations: readonly AutomationOption[];
  selected: string | undefined;
  className?: string;
}) {
  const unknown = selected && !automations.some((automation) => automation.id === selected);
  return (
    <div className={className}>
      <label htmlFor="filter-automation" className="block text-sm font-medium text-slate-900">
        Automation
      </label>
      <select id="filter-automation" name="automationId" defaultValue={selected ?? ""} className={FILTER_FIELD_CLASSES}>
        <option value="">All automations</option>
        {unknown ? <option value={selected}>A deleted automation ({selected})</option> : null}
        {TRIGGERS.map((trigger) => {
          const ofTrigger = automations.filter((automation) => automation.trigger === trigger);
          if (!ofTrigger.length) return null;
          return (
            <optgroup key={trigger} label={triggerDefinitions[trigger].label}>
              {ofTrigger.map((automation) => (
                <option key={automation.id} value={automation.id}>
                  {automation.name}
                  {automation.status === "paused" ? " (paused)" : ""}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
    </div>
  );
}
