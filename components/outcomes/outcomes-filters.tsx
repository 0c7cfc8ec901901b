import { AutomationFilterField, type AutomationOption } from "@/components/automations/automation-filter-field";
import { DateRangeFields, FILTER_FIELD_CLASSES, FilterForm } from "@/components/ui/list-page";
import { TRIGGERS, triggerDefinitions } from "@/lib/triggers";

export interface OutcomesFilterValues {
  /** As the date inputs write them: YYYY-MM-DD. */
  from?: string;
  to?: string;
  trigger?: string;
  automationId?: string;
}

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
  return (
    <FilterForm action="/outcomes" label="Filter the outcomes" filtered={filtered}>
      <DateRangeFields
        from={values.from}
        to={values.to}
        hint="Days in UTC; To includes the whole day. Without dates, the last 90 days."
      />
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
      <AutomationFilterField automations={automations} selected={values.automationId} className="sm:w-64" />
    </FilterForm>
  );
}
