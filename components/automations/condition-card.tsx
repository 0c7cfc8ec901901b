"use client";

import {
  INTERVAL_UNITS,
  cardMessages,
  exampleAmount,
  invalidIndexesUnder,
  messagesAt,
  messagesUnder,
  toSubscriptionInterval,
  type FormCondition,
  type FormIssue,
} from "@/lib/automations/automation-form";
import { describeBillingPeriod } from "@/lib/automations/describe";
import { CONDITION_TYPES, SUBSCRIPTION_INTERVALS, type ConditionType } from "@/lib/automations/schema";
import { ChipsInput } from "./chips-input";
import { CloseIcon, Field, FieldErrors, IconButton, fieldId, inputClasses, selectClasses } from "./form-controls";

export const CONDITION_LABELS: Record<ConditionType, string> = {
  customer_metadata: "Customer metadata",
  invoice_metadata: "Invoice metadata",
  invoice_amount: "Invoice amount",
  subscription_interval: "Subscription interval",
  product: "Product",
};

const CONDITION_HINTS: Record<ConditionType, string> = {
  customer_metadata: "The customer's metadata has this key with exactly this value.",
  invoice_metadata: "The invoice's metadata has this key with exactly this value.",
  invoice_amount: "Invoices in other currencies are compared after conversion with the rates in settings.",
  subscription_interval:
    "Subscriptions billed exactly this often: monthly does not match a quarterly price (every 3 months); every 12 months counts as yearly.",
  product: "The invoice or subscription contains at least one of these products.",
};

export function ConditionCard({
  index,
  condition,
  currency,
  issues,
  onChange,
  onRemove,
}: {
  index: number;
  condition: FormCondition;
  currency: string;
  issues: readonly FormIssue[];
  onChange: (condition: FormCondition) => void;
  onRemove: () => void;
}) {
  const path = `conditions.${index}`;
  const at = (field: string) => messagesAt(issues, `${path}.${field}`);
  const cardErrors = cardMessages(issues, path);
  const code = currency.toUpperCase();
  const set = (patch: Partial<FormCondition>) => onChange({ ...condition, ...patch });

  return (
    <fieldset
      className="relative rounded-lg bg-white p-4 ring-1 ring-slate-200"
      aria-describedby={cardErrors.length > 0 ? `${fieldId(path)}-error` : undefined}
    >
      <legend className="float-left w-full pr-12 text-sm font-semibold text-slate-900">{`Condition ${index + 1}`}</legend>
      <div className="absolute top-2.5 right-2.5">
        <IconButton label={`Remove condition ${index + 1}`} tone="danger" onClick={onRemove}>
          <CloseIcon />
        </IconButton>
      </div>
      <Field path={`${path}.type`} label="Type" className="clear-both pt-3 sm:max-w-xs">
        {(control) => (
          <select
            {...control}
            value={condition.type}
            onChange={(event) => set({ type: event.target.value as ConditionType })}
            className={selectClasses(false)}
          >
            {CONDITION_TYPES.map((type) => (
              <option key={type} value={type}>
                {CONDITION_LABELS[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="mt-2 text-xs text-slate-600">{CONDITION_HINTS[condition.type]}</p>

      <div className="mt-3">
        {condition.type === "customer_metadata" || condition.type === "invoice_metadata" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field path={`${path}.key`} label="Key" errors={at("key")}>
              {(control) => (
                <input
                  {...control}
                  value={condition.key}
                  onChange={(event) => set({ key: event.target.value })}
                  placeholder="segment"
                  autoComplete="off"
                  spellCheck={false}
                  className={inputClasses(at("key").length > 0)}
                />
              )}
            </Field>
            <Field path={`${path}.value`} label="Value" errors={at("value")}>
              {(control) => (
                <input
                  {...control}
                  value={condition.value}
                  onChange={(event) => set({ value: event.target.value })}
                  placeholder="enterprise"
                  autoComplete="off"
                  spellCheck={false}
                  className={inputClasses(at("value").length > 0)}
                />
              )}
            </Field>
          </div>
        ) : null}

        {condition.type === "invoice_amount" ? (
          <div className="grid gap-3 sm:grid-cols-2">
            {(["min", "max"] as const).map((field) => (
              <Field
                key={field}
                path={`${path}.${field}`}
                label={`${field === "min" ? "Minimum" : "Maximum"} amount (${code})`}
                hint={`In ${code}, e.g. ${exampleAmount(currency)}. Leave empty for no ${field === "min" ? "minimum" : "maximum"}.`}
                errors={at(field)}
              >
                {(control) => (
                  <div className="relative">
                    <input
                      {...control}
                      value={condition[field]}
                      onChange={(event) => set({ [field]: event.target.value })}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder={exampleAmount(currency)}
                      className={inputClasses(at(field).length > 0, "pr-14 tabular-nums")}
                    />
                    <span
                      aria-hidden="true"
                      className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500"
                    >
                      {code}
                    </span>
                  </div>
                )}
              </Field>
            ))}
          </div>
        ) : null}

        {condition.type === "subscription_interval" ? (
          <IntervalFields path={path} condition={condition} issues={issues} onChange={set} />
        ) : null}

        {condition.type === "product" ? (
          <Field
            path={`${path}.products`}
            label="Products"
            hint="Type a product id (prod_…) and press Enter or comma to add it."
            errors={messagesUnder(issues, `${path}.products`)}
          >
            {(control) => (
              <ChipsInput
                control={control}
                values={condition.products}
                onChange={(products) => set({ products })}
                itemName="product"
                placeholder="prod_…"
                invalidIndexes={invalidIndexesUnder(issues, `${path}.products`)}
              />
            )}
          </Field>
        ) : null}
      </div>
      <FieldErrors id={`${fieldId(path)}-error`} messages={cardErrors} />
    </fieldset>
  );
}

/** "Billed every [3] [months]": the count and the interval side by side, each error below the row. */
function IntervalFields({
  path,
  condition,
  issues,
  onChange,
}: {
  path: string;
  condition: FormCondition;
  issues: readonly FormIssue[];
  onChange: (patch: Partial<FormCondition>) => void;
}) {
  const countErrors = messagesAt(issues, `${path}.intervalCount`);
  const intervalErrors = messagesAt(issues, `${path}.interval`);
  const typed = condition.intervalCount.trim();
  const count = /^\d+$/.test(typed) ? Number(typed) : null;
  const unit = count === 1 ? "singular" : "plural";
  return (
    <div>
      <div className="flex flex-wrap items-start gap-3">
        <Field
          path={`${path}.intervalCount`}
          label="Billed every"
          errors={countErrors}
          showErrors={false}
          className="w-28"
        >
          {(control) => (
            <input
              {...control}
              value={condition.intervalCount}
              onChange={(event) => onChange({ intervalCount: event.target.value })}
              inputMode="numeric"
              autoComplete="off"
              placeholder="1"
              className={inputClasses(countErrors.length > 0, "tabular-nums")}
            />
          )}
        </Field>
        <Field path={`${path}.interval`} label="Interval" errors={intervalErrors} showErrors={false} className="w-36">
          {(control) => (
            <select
              {...control}
              value={condition.interval}
              onChange={(event) =>
                onChange({ interval: toSubscriptionInterval(event.target.value, condition.interval) })
              }
              className={selectClasses(intervalErrors.length > 0)}
            >
              {SUBSCRIPTION_INTERVALS.map((interval) => (
                <option key={interval} value={interval}>
                  {INTERVAL_UNITS[interval][unit]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FieldErrors id={`${fieldId(`${path}.intervalCount`)}-error`} messages={countErrors} />
      <FieldErrors id={`${fieldId(`${path}.interval`)}-error`} messages={intervalErrors} />
      {count !== null && count >= 1 ? (
        <p className="mt-2 text-xs text-slate-600">
          {`Matches subscriptions billed ${describeBillingPeriod({ interval: condition.interval, intervalCount: count })}.`}
        </p>
      ) : null}
    </div>
  );
}
