"use client";

// An action's params, drawn from its definition's fields (lib/steps): one renderer per field kind.
import { invalidIndexesUnder, messagesAt, messagesUnder, type FormIssue } from "@/lib/automations/automation-form";
import { DURATION_UNITS } from "@/lib/steps/durations";
import {
  newRetry,
  type FormParams,
  type FormParamValue,
  type FormRetry,
  type ParamField,
  type StepDefaults,
} from "@/lib/steps/fields";
import { ChipsInput } from "./chips-input";
import {
  CloseIcon,
  Field,
  FieldErrors,
  IconButton,
  describedBy,
  fieldId,
  inputClasses,
  selectClasses,
} from "./form-controls";

export const UNIT_LABELS = { seconds: "seconds", minutes: "minutes", hours: "hours", days: "days" } as const;

const text = (value: FormParamValue | undefined) => (typeof value === "string" ? value : "");
const strings = (value: FormParamValue | undefined) =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
const retries = (value: FormParamValue | undefined) =>
  Array.isArray(value) ? value.filter((item): item is FormRetry => typeof item === "object") : [];

export function ParamFields({
  fields,
  values,
  path,
  issues,
  defaults,
  onChange,
}: {
  fields: readonly ParamField[];
  values: FormParams;
  /** steps.2.params */
  path: string;
  issues: readonly FormIssue[];
  defaults: StepDefaults;
  onChange: (values: FormParams) => void;
}) {
  const set = (name: string, value: FormParamValue) => onChange({ ...values, [name]: value });
  return (
    <>
      {fields.map((field) => (
        <ParamFieldControl
          key={field.name}
          field={field}
          value={values[field.name]}
          path={`${path}.${field.name}`}
          issues={issues}
          defaults={defaults}
          onChange={(value) => set(field.name, value)}
        />
      ))}
    </>
  );
}

function ParamFieldControl({
  field,
  value,
  path,
  issues,
  defaults,
  onChange,
}: {
  field: ParamField;
  value: FormParamValue | undefined;
  path: string;
  issues: readonly FormIssue[];
  defaults: StepDefaults;
  onChange: (value: FormParamValue) => void;
}) {
  switch (field.kind) {
    case "emails":
      return (
        <Field path={path} label={field.label} hint={field.hint(defaults)} errors={messagesUnder(issues, path)}>
          {(control) => (
            <ChipsInput
              control={control}
              values={strings(value)}
              onChange={onChange}
              itemName={field.itemName}
              type="email"
              placeholder={field.placeholder}
              invalidIndexes={invalidIndexesUnder(issues, path)}
            />
          )}
        </Field>
      );
    case "text": {
      const errors = messagesAt(issues, path);
      return (
        <Field path={path} label={field.label} hint={field.hint} errors={errors}>
          {(control) =>
            field.rows ? (
              <textarea
                {...control}
                value={text(value)}
                onChange={(event) => onChange(event.target.value)}
                rows={field.rows}
                maxLength={field.maxLength}
                placeholder={field.placeholder}
                className={inputClasses(errors.length > 0)}
              />
            ) : (
              <input
                {...control}
                value={text(value)}
                onChange={(event) => onChange(event.target.value)}
                maxLength={field.maxLength}
                placeholder={field.placeholder}
                autoComplete="off"
                className={inputClasses(errors.length > 0)}
              />
            )
          }
        </Field>
      );
    }
    case "url": {
      const errors = messagesAt(issues, path);
      return (
        <Field path={path} label={field.label} hint={field.hint(defaults)} errors={errors} className="sm:max-w-xl">
          {(control) => (
            <input
              {...control}
              type="url"
              inputMode="url"
              value={text(value)}
              onChange={(event) => onChange(event.target.value)}
              placeholder="https://"
              autoComplete="off"
              spellCheck={false}
              className={inputClasses(errors.length > 0)}
            />
          )}
        </Field>
      );
    }
    case "retries":
      return (
        <RetryFields
          path={path}
          label={field.label}
          hint={field.hint}
          max={field.max}
          retries={retries(value)}
          issues={issues}
          onChange={onChange}
        />
      );
  }
}

function RetryFields({
  path,
  label,
  hint,
  max,
  retries,
  issues,
  onChange,
}: {
  path: string;
  label: string;
  hint: string;
  max: number;
  retries: readonly FormRetry[];
  issues: readonly FormIssue[];
  onChange: (retries: FormRetry[]) => void;
}) {
  const listErrors = messagesAt(issues, path);
  const listErrorId = `${fieldId(path)}-error`;
  const hintId = `${fieldId(path)}-hint`;
  return (
    <fieldset aria-describedby={describedBy(hintId, listErrors.length > 0 && listErrorId)}>
      <legend className="text-sm font-medium text-slate-900">{label}</legend>
      <p id={hintId} className="mt-1 text-xs text-slate-600">
        {hint}
      </p>
      <ol className="mt-2 space-y-2">
        {retries.map((retry, index) => {
          const retryPath = `${path}.${index}`;
          const amountErrors = messagesAt(issues, `${retryPath}.amount`);
          const unitErrors = messagesAt(issues, `${retryPath}.unit`);
          const errorId = `${fieldId(retryPath)}-error`;
          const rowErrors = [...amountErrors, ...unitErrors];
          const update = (patch: Partial<FormRetry>) =>
            onChange(retries.map((item, i) => (i === index ? { ...item, ...patch } : item)));
          return (
            <li key={retry.uid}>
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="w-full text-sm text-slate-700 sm:w-16">{`Retry ${index + 1}`}</span>
                <span className="text-sm text-slate-600">after</span>
                <input
                  id={fieldId(`${retryPath}.amount`)}
                  aria-label={`Retry ${index + 1}: amount`}
                  aria-invalid={amountErrors.length > 0 || undefined}
                  aria-describedby={amountErrors.length > 0 ? errorId : undefined}
                  value={retry.amount}
                  onChange={(event) => update({ amount: event.target.value })}
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder="1"
                  className={inputClasses(amountErrors.length > 0, "tabular-nums", "w-16")}
                />
                <select
                  id={fieldId(`${retryPath}.unit`)}
                  aria-label={`Retry ${index + 1}: unit`}
                  aria-invalid={unitErrors.length > 0 || undefined}
                  aria-describedby={unitErrors.length > 0 ? errorId : undefined}
                  value={retry.unit}
                  onChange={(event) => update({ unit: event.target.value as FormRetry["unit"] })}
                  className={selectClasses(unitErrors.length > 0, "", "w-28")}
                >
                  {DURATION_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {UNIT_LABELS[unit]}
                    </option>
                  ))}
                </select>
                <IconButton
                  label={`Remove retry ${index + 1}`}
                  tone="danger"
                  onClick={() => onChange(retries.filter((_, i) => i !== index))}
                >
                  <CloseIcon />
                </IconButton>
              </div>
              <FieldErrors id={errorId} messages={rowErrors} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() => onChange([...retries, newRetry()])}
        disabled={retries.length >= max}
        className="mt-2 rounded-md px-2 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50"
      >
        + Add retry
      </button>
      <FieldErrors id={listErrorId} messages={listErrors} />
    </fieldset>
  );
}
