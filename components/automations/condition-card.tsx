"use client";

// A condition of the editor, drawn from its definition (lib/conditions): the type, its hint, and
// its fields by kind.
import {
  cardMessages,
  invalidIndexesUnder,
  messagesAt,
  messagesUnder,
  type FormCondition,
  type FormIssue,
} from "@/lib/automations/automation-form";
import { CONDITION_TYPES, CONDITIONS, conditionDefinition, type ConditionType } from "@/lib/conditions";
import type { ConditionField, ConditionFormValues } from "@/lib/conditions/definition";
import { exampleAmount } from "@/lib/money/money-input";
import { ChipsInput } from "./chips-input";
import { CloseIcon, Field, FieldErrors, IconButton, fieldId, inputClasses, selectClasses } from "./form-controls";

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
  const cardErrors = cardMessages(issues, path);
  const { form, hint } = conditionDefinition(condition.type);
  const setValues = (patch: ConditionFormValues) =>
    onChange({ ...condition, values: { ...condition.values, ...patch } });
  const row = form.layout === "row";
  const explained = form.explain?.(condition.values) ?? null;

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
            onChange={(event) => onChange({ ...condition, type: event.target.value as ConditionType })}
            className={selectClasses(false)}
          >
            {CONDITION_TYPES.map((type) => (
              <option key={type} value={type}>
                {CONDITIONS[type].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="mt-2 text-xs text-slate-600">{hint}</p>

      <div className="mt-3">
        <div
          className={
            form.layout === "grid"
              ? "grid gap-3 sm:grid-cols-2"
              : row
                ? "flex flex-wrap items-start gap-3"
                : "space-y-3"
          }
        >
          {form.fields.map((field) => (
            <ConditionFieldControl
              key={field.name}
              field={field}
              values={condition.values}
              path={`${path}.${field.name}`}
              currency={currency}
              issues={issues}
              // In a row, the errors go below the whole row, each under its own id.
              showErrors={!row}
              onChange={(value) => setValues({ [field.name]: value })}
            />
          ))}
        </div>
        {row
          ? form.fields.map((field) => (
              <FieldErrors
                key={field.name}
                id={`${fieldId(`${path}.${field.name}`)}-error`}
                messages={messagesAt(issues, `${path}.${field.name}`)}
              />
            ))
          : null}
        {explained ? <p className="mt-2 text-xs text-slate-600">{explained}</p> : null}
      </div>
      <FieldErrors id={`${fieldId(path)}-error`} messages={cardErrors} />
    </fieldset>
  );
}

function ConditionFieldControl({
  field,
  values,
  path,
  currency,
  issues,
  showErrors,
  onChange,
}: {
  field: ConditionField;
  values: ConditionFormValues;
  path: string;
  currency: string;
  issues: readonly FormIssue[];
  showErrors: boolean;
  onChange: (value: string | string[]) => void;
}) {
  const value = values[field.name];
  const text = typeof value === "string" ? value : "";
  const errors = messagesAt(issues, path);
  const code = currency.toUpperCase();
  switch (field.kind) {
    case "text":
      return (
        <Field path={path} label={field.label} errors={errors}>
          {(control) => (
            <input
              {...control}
              value={text}
              onChange={(event) => onChange(event.target.value)}
              placeholder={field.placeholder}
              autoComplete="off"
              spellCheck={false}
              className={inputClasses(errors.length > 0)}
            />
          )}
        </Field>
      );
    case "money":
      return (
        <Field path={path} label={field.label(code)} hint={field.hint(code, exampleAmount(currency))} errors={errors}>
          {(control) => (
            <div className="relative">
              <input
                {...control}
                value={text}
                onChange={(event) => onChange(event.target.value)}
                inputMode="decimal"
                autoComplete="off"
                placeholder={exampleAmount(currency)}
                className={inputClasses(errors.length > 0, "pr-14 tabular-nums")}
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
      );
    case "count":
      return (
        <Field path={path} label={field.label} errors={errors} showErrors={showErrors} className="w-28">
          {(control) => (
            <input
              {...control}
              value={text}
              onChange={(event) => onChange(event.target.value)}
              inputMode="numeric"
              autoComplete="off"
              placeholder={field.placeholder}
              className={inputClasses(errors.length > 0, "tabular-nums")}
            />
          )}
        </Field>
      );
    case "select":
      return (
        <Field path={path} label={field.label} errors={errors} showErrors={showErrors} className="w-36">
          {(control) => (
            <select
              {...control}
              value={text}
              onChange={(event) => onChange(event.target.value)}
              className={selectClasses(errors.length > 0)}
            >
              {field.options(values).map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case "chips":
      return (
        <Field path={path} label={field.label} hint={field.hint} errors={messagesUnder(issues, path)}>
          {(control) => (
            <ChipsInput
              control={control}
              values={Array.isArray(value) ? value : []}
              onChange={onChange}
              itemName={field.itemName}
              placeholder={field.placeholder}
              invalidIndexes={invalidIndexesUnder(issues, path)}
            />
          )}
        </Field>
      );
  }
}
