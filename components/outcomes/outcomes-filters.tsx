import { FILTER_FIELD_CLASSES, FilterForm } from "@/components/ui/list-page";
import { TRIGGERS, triggerDefinitions } from "@/lib/triggers";

export interface OutcomesFilterValues {
  /** As the date inputs write them: YYYY-MM-DD. */
  from?: string;
  to?: string;
  trigger?: string;
  automationId?: string;
}

export interface AutomationOption {
  id: string;
  name: string;
  trigger: string;
  status: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The outcomes page's filter bar: a GET form, so a filtered view is an address to share. */
export function OutcomesFilters({
  values,
  filtered,
  automations,
}: {
  values: OutcomesFilterValues;
  filtered: boolean;
  automations: AutomationOption[];
}) {
  const unknownAutomation =
    values.automationId && !automations.some((automation) => automation.id === values.automationId);
  return (
    <FilterForm action="/outcomes" label="Filter the outcomes" filtered={filtered}>
      <div>
        <label htmlFor="filter-from" className="block text-sm font-medium text-slate-900">
          From
        </label>
        <input
          id="filter-from"
          name="from"
          type="date"
          defaultValue={values.from && DATE.test(values.from) ? values.from : ""}
          aria-describedby="filter-dates-hint"
          className={FILTER_FIELD_CLASSES}
        />
      </div>
      <div>
        <label htmlFor="filter-to" className="block text-sm font-medium text-slate-900">
          To
        </label>
        <input
          id="filter-to"
          name="to"
          type="date"
          defaultValue={values.to && DATE.test(values.to) ? values.to : ""}
          aria-describedby="filter-dates-hint"
          className={FILTER_FIELD_CLASSES}
        />
        <p id="filter-dates-hint" className="sr-only">
          Days in UTC; To includes the whole day. Without dates, the last 90 days.
        </p>
      </div>
      <div className="sm:w-56">
        <label htmlFor="filter-trigger" className="block text-sm font-medium text-slate-900">
          Trigger
        </label>
        <select id="filter-trigger" name="trigger" defaultValue={values.trigger ?? ""} className={FILTER_FIELD_CLASSES}>
          <option value="">Any trigger</option>
          {TRIGGERS.map((trigger) => (
            <option key={trigger} value={trigger}>
              {triggerDefinitions[trigger].label}
            </option>
          ))}
        </select>
      </div>
      <div className="sm:w-64">
        <label htmlFor="filter-automation" className="block text-sm font-medium text-slate-900">
          Automation
        </label>
        <select
          id="filter-automation"
          name="automationId"
          defaultValue={values.automationId ?? ""}
          className={FILTER_FIELD_CLASSES}
        >
          <option value="">All automations</option>
          {unknownAutomation ? (
            <option value={values.automationId}>A deleted automation ({values.automationId})</option>
          ) : null}
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
    </FilterForm>
  );
}
