import { FILTER_FIELD_CLASSES, FilterForm } from "@/components/ui/list-page";
import { AUDIT_ENTITIES } from "@/lib/audit/record-audit";

export interface AuditFilterValues {
  actor?: string;
  entity?: string;
  entityId?: string;
  /** As the date inputs write them: YYYY-MM-DD. */
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The audit log's filter bar: a GET form, so a filtered view is an address to share. */
export function AuditFilters({ values, filtered }: { values: AuditFilterValues; filtered: boolean }) {
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
          Days in UTC; To includes the whole day.
        </p>
      </div>
      {/* One record's entries (a link from elsewhere): kept while the other filters change. */}
      {values.entityId ? <input type="hidden" name="entityId" value={values.entityId} /> : null}
    </FilterForm>
  );
}
