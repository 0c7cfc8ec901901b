"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, FieldInput, inputId } from "./fields";
import { newRowId, type RateRow } from "./form-model";

/**
 * Exchange rates as rows of currency → rate, where the rate is how many units of the default
 * currency one unit of the row's currency is worth (the direction lib/money/money.ts converts in).
 */
export function ExchangeRatesField({
  defaultCurrency,
  rows,
  errors,
  onChange,
}: {
  defaultCurrency: string;
  rows: RateRow[];
  errors: Record<string, string>;
  onChange: (rows: RateRow[]) => void;
}) {
  const focusNext = useRef<string | null | undefined>(undefined);
  const addButtonId = `${inputId("rates")}-add`;
  useEffect(() => {
    const target = focusNext.current;
    if (target === undefined) return;
    focusNext.current = undefined;
    document.getElementById(target === null ? addButtonId : target)?.focus();
  }, [rows, addButtonId]);

  const code = defaultCurrency.trim().toUpperCase();
  // Until the default currency is a valid code, the texts speak of "the default currency".
  const base = /^[A-Z]{3}$/.test(code) ? code : null;
  const update = (id: string, change: Partial<RateRow>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const descriptionId = `${inputId("rates")}-description`;
  const groupError = errors.rates;

  return (
    <fieldset aria-describedby={groupError ? `${descriptionId} ${inputId("rates")}-error` : descriptionId}>
      <legend className="text-sm font-semibold text-slate-900">Exchange rates</legend>
      <p id={descriptionId} className="mt-1 text-sm text-slate-600">
        Units of the default currency per 1 unit of this currency, e.g. EUR 1.08 with a USD default. Invoices in a
        currency without a rate fail amount conditions, and their trace names the missing rate.
      </p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 italic">
          No rates: only invoices in {base ?? "the default currency"} can match amounts.
        </p>
      ) : (
        <div className="mt-3 grid grid-cols-[6rem_minmax(0,14rem)_auto] items-start gap-x-2 gap-y-2">
          <span aria-hidden="true" className="text-xs font-medium text-slate-500">
            Currency
          </span>
          <span aria-hidden="true" className="col-span-2 text-xs font-medium text-slate-500">
            {base ? `${base} per 1 unit` : "Default currency per 1 unit"}
          </span>
          {rows.map((row, index) => {
            const currencyField = `rates.${row.id}.currency`;
            const rateField = `rates.${row.id}.rate`;
            const rowCode = row.currency.trim().toUpperCase();
            const rate = Number(row.rate);
            const example =
              base && /^[A-Z]{3}$/.test(rowCode) && row.rate.trim() && Number.isFinite(rate) && rate > 0
                ? `1 ${rowCode} = ${rate} ${base}`
                : null;
            return (
              <div key={row.id} className="contents">
                <div>
                  <FieldInput
                    field={currencyField}
                    error={errors[currencyField]}
                    aria-label={`Currency ${index + 1}`}
                    placeholder="EUR"
                    maxLength={3}
                    autoComplete="off"
                    spellCheck={false}
                    className="uppercase"
                    value={row.currency}
                    onChange={(event) => update(row.id, { currency: event.target.value.toUpperCase() })}
                  />
                  <FieldError field={currencyField} error={errors[currencyField]} />
                </div>
                <div>
                  <FieldInput
                    field={rateField}
                    error={errors[rateField]}
                    aria-label={`Rate ${index + 1}`}
                    placeholder="1.08"
                    inputMode="decimal"
                    autoComplete="off"
                    value={row.rate}
                    onChange={(event) => update(row.id, { rate: event.target.value })}
                  />
                  <FieldError field={rateField} error={errors[rateField]} />
                  {example && !errors[rateField] ? <p className="mt-1 text-xs text-slate-500">{example}</p> : null}
                </div>
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={`Remove rate ${index + 1}`}
                  onClick={() => {
                    const rest = rows.filter((other) => other.id !== row.id);
                    const next = rest[index] ?? rest[index - 1];
                    focusNext.current = next ? inputId(`rates.${next.id}.currency`) : null;
                    onChange(rest);
                  }}
                >
                  Remove
                </Button>
              </div>
            );
          })}
        </div>
      )}
      {groupError ? (
        <p id={`${inputId("rates")}-error`} className="mt-2 text-sm text-red-700">
          {groupError}
        </p>
      ) : null}
      <Button
        id={addButtonId}
        type="button"
        variant="secondary"
        className="mt-3"
        onClick={() => {
          const id = newRowId();
          focusNext.current = inputId(`rates.${id}.currency`);
          onChange([...rows, { id, currency: "", rate: "" }]);
        }}
      >
        Add a rate
      </Button>
    </fieldset>
  );
}
