import { DateRangeFields, FILTER_FIELD_CLASSES, FilterForm } from "@/components/ui/list-page";
import { AUDIT_ENTITIES } from "@/lib/audit/record-audit";

export interface AuditFilterValues {
  actor?: string;
  entity?: string;
  entityId?: string;
  /** As the date inputs write them: YYYY-MM-DD. */
  from?: string;
  to?: string;
}

/** The audit log's filter bar: a GET form, so a filtered view is an address to share. */
export function AuditFilters({
  values,
  filtered,
  timeZone,
}: {
  values: AuditFilterValues;
  filtered: boolean;
  timeZone: string;
}) {
  return (
    <FilterForm action="/audit" label="Filter the audit log" filtered={filtered}>
      <div className="sm:w-56">
        <label htmlFor="filter-actor" className="block text-sm font-medium text-slate-900">
          Actor
        </label>
        <input
          id="filter-actor"
          name="actor"
          type="search"
          defaultValue={values.actor ?? ""}
          placeholder="an email, a token's name, worker"
          autoComplete="off"
          className={FILTER_FIELD_CLASSES}
        />
      </div>
      <div className="sm:w-44">
        <label htmlFor="filter-entity" className="block text-sm font-medium text-slate-900">
          Entity
        </label>
        <select id="filter-entity" name="entity" defaultValue={values.entity ?? ""} className={FILTER_FIELD_CLASSES}>
          <option value="">Any entity</option>
          {AUDIT_ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {entity}
            </option>
          ))}
        </select>
      </div>
      <DateRangeFields
        from={values.from}
        to={values.to}
        hint={`Days in the team's time zone (${timeZone}); To includes the whole day.`}
      />
      {/* One record's entries (a link from elsewhere): kept while the other filters change. */}
      {values.entityId ? <input type="hidden" name="entityId" value={values.entityId} /> : null}
    </FilterForm>
  );
}
