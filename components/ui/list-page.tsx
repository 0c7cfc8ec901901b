import Form from "next/form";
import type { ReactNode } from "react";
import { SubmitButton } from "./button";
import { LinkButton } from "./link-button";
import { TextLink } from "./text-link";

/** The class of a select or input in a list's filter bar. */
export const FILTER_FIELD_CLASSES =
  "mt-1 block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

/** A list's filter bar: its fields, a Filter button, and a way to clear the filters once set. */
export function FilterForm({
  action,
  label,
  filtered,
  children,
}: {
  action: string;
  label: string;
  filtered: boolean;
  children: ReactNode;
}) {
  return (
    <Form
      action={action}
      aria-label={label}
      className="mb-6 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:flex-wrap sm:items-end"
    >
      {children}
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" pendingLabel="Filtering…">
          Filter
        </SubmitButton>
        {filtered ? <TextLink href={action}>Clear filters</TextLink> : null}
      </div>
    </Form>
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A filter bar's From and To days (YYYY-MM-DD as the date inputs write them), with what they mean. */
export function DateRangeFields({ from, to, hint }: { from?: string; to?: string; hint: string }) {
  return (
    <>
      <div>
        <label htmlFor="filter-from" className="block text-sm font-medium text-slate-900">
          From
        </label>
        <input
          id="filter-from"
          name="from"
          type="date"
          defaultValue={from && DATE.test(from) ? from : ""}
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
          defaultValue={to && DATE.test(to) ? to : ""}
          aria-describedby="filter-dates-hint"
          className={FILTER_FIELD_CLASSES}
        />
        <p id="filter-dates-hint" className="sr-only">
          {hint}
        </p>
      </div>
    </>
  );
}

/** A list's search box (the hint says what it takes: any id or an email, say). */
export function SearchField({
  value,
  hint,
  placeholder = "in_…, sub_…, cus_…, evt_… or an email",
  wide = false,
}: {
  value?: string;
  hint: string;
  placeholder?: string;
  wide?: boolean;
}) {
  return (
    <div className={wide ? "sm:w-96" : "sm:w-72"}>
      <label htmlFor="filter-q" className="block text-sm font-medium text-slate-900">
        Search
      </label>
      <input
        id="filter-q"
        name="q"
        type="search"
        defaultValue={value ?? ""}
        placeholder={placeholder}
        aria-describedby="filter-q-hint"
        autoComplete="off"
        spellCheck={false}
        className={FILTER_FIELD_CLASSES}
      />
      <p id="filter-q-hint" className="sr-only">
        {hint}
      </p>
    </div>
  );
}

/** A filter bar's amount bounds, typed in the default currency's usual units ("100" for $100.00). */
export function AmountRangeFields({ min, max, currency }: { min?: string; max?: string; currency: string }) {
  const code = currency.toUpperCase();
  return (
    <>
      {(
        [
          ["amountMin", "Amount from", min],
          ["amountMax", "Amount to", max],
        ] as const
      ).map(([name, label, value]) => (
        <div key={name} className="sm:w-28">
          <label htmlFor={`filter-${name}`} className="block text-sm font-medium text-slate-900">
            {label}
          </label>
          <input
            id={`filter-${name}`}
            name={name}
            inputMode="decimal"
            defaultValue={value ?? ""}
            placeholder={code}
            aria-describedby="filter-amount-hint"
            autoComplete="off"
            className={FILTER_FIELD_CLASSES}
          />
        </div>
      ))}
      <p id="filter-amount-hint" className="sr-only">
        The invoice&apos;s amount due in {code}, bounds included; invoices in other currencies are left out.
      </p>
    </>
  );
}

/** Back to the first page once past it, and on to the next while there is one. */
export function Pager({
  onFirstPage,
  firstHref,
  nextHref,
}: {
  onFirstPage: boolean;
  firstHref: string;
  nextHref: string | null;
}) {
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4 text-sm">
      {onFirstPage ? <span /> : <TextLink href={firstHref}>First page</TextLink>}
      {nextHref ? <LinkButton href={nextHref}>Next page</LinkButton> : null}
    </nav>
  );
}

/** A table from sm up; on a phone each row stacks into a card whose cells carry their own labels. */
export const CELL = "block px-4 py-1 sm:table-cell sm:py-3 sm:align-top";
export const MOBILE_LABEL = "mr-1 text-xs font-medium text-slate-500 sm:hidden";

export function ResponsiveTable({
  caption,
  columns,
  selectHeader,
  children,
}: {
  caption: string;
  columns: string[];
  /** A first header cell for a column of row checkboxes (select all). */
  selectHeader?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="block w-full text-left text-sm sm:table">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden bg-slate-50 text-xs font-medium text-slate-600 sm:table-header-group">
          <tr>
            {selectHeader ? (
              <th scope="col" className="w-10 px-4 py-2">
                {selectHeader}
              </th>
            ) : null}
            {columns.map((column) => (
              <th key={column} scope="col" className="px-4 py-2">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-100 sm:table-row-group">{children}</tbody>
      </table>
    </div>
  );
}
