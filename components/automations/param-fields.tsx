"use client";

// An action's params, drawn from its definition's fields (lib/steps): one renderer per field kind.
import { useDeferredValue, useEffect, useMemo, useRef } from "react";
import { invalidIndexesUnder, messagesAt, messagesUnder, type FormIssue } from "@/lib/automations/automation-form";
import { DESTINATION_KIND_LABELS } from "@/lib/destinations/kinds";
import { DURATION_UNITS } from "@/lib/steps/durations";
import {
  newRetry,
  type FormParams,
  type FormParamValue,
  type FormRetry,
  type ParamField,
  type StepDefaults,
  type TemplatePreview,
} from "@/lib/steps/fields";
import { renderCustomerEmail, sampleValues, templateProblems, type TemplateVariable } from "@/lib/templates";
import { TextLink } from "@/components/ui/text-link";
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

/** The form's messages for a field and what the template check finds as one types, each once. */
const withTemplateProblems = (errors: string[], source: string, variables: readonly TemplateVariable[] | undefined) =>
  variables ? [...new Set([...errors, ...templateProblems(source, variables)])] : errors;

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
          values={values}
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
  values,
  onChange,
}: {
  field: ParamField;
  value: FormParamValue | undefined;
  path: string;
  issues: readonly FormIssue[];
  defaults: StepDefaults;
  /** The step's other values too: a preview may show one (an email's subject). */
  values: FormParams;
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
      const errors = withTemplateProblems(messagesAt(issues, path), text(value), field.variables);
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
    case "markdown":
      return (
        <MarkdownField
          path={path}
          label={field.label}
          hint={field.hint}
          rows={field.rows}
          maxLength={field.maxLength}
          variables={field.variables}
          preview={field.preview}
          value={text(value)}
          values={values}
          issues={issues}
          onChange={onChange}
        />
      );
    case "destination": {
      const errors = messagesAt(issues, path);
      const current = text(value);
      const choices = defaults.destinations.filter((destination) => destination.kind === field.destinationKind);
      // A name no longer in Settings stays selected, so the error beside it makes sense.
      const gone = current !== "" && !choices.some((destination) => destination.name === current);
      const kindLabel = DESTINATION_KIND_LABELS[field.destinationKind];
      const hint = (
        <>
          {field.hint(defaults)}
          {choices.length === 0 ? (
            <>
              {` No ${kindLabel} destination yet: `}
              <TextLink href="/settings#destinations">add one in Settings</TextLink>.
            </>
          ) : null}
        </>
      );
      return (
        <Field path={path} label={field.label} hint={hint} errors={errors} className="sm:max-w-md">
          {(control) => (
            <select
              {...control}
              value={current}
              onChange={(event) => onChange(event.target.value)}
              className={selectClasses(errors.length > 0)}
            >
              <option value="">No destination</option>
              {choices.map((destination) => (
                <option key={destination.name} value={destination.name}>
                  {destination.name}
                </option>
              ))}
              {gone ? <option value={current}>{`${current} (not in Settings)`}</option> : null}
            </select>
          )}
        </Field>
      );
    }
  }
}

/**
 * A Markdown template: the textarea, its variables (a click inserts one where the cursor was), and a
 * live preview with the variables' sample values, the HTML in a frame that can run nothing.
 */
function MarkdownField({
  path,
  label,
  hint,
  rows,
  maxLength,
  variables,
  preview,
  value,
  values,
  issues,
  onChange,
}: {
  path: string;
  label: string;
  hint: string;
  rows: number;
  maxLength: number;
  variables: readonly TemplateVariable[];
  preview: TemplatePreview;
  value: string;
  values: FormParams;
  issues: readonly FormIssue[];
  onChange: (value: string) => void;
}) {
  const errors = withTemplateProblems(messagesAt(issues, path), value, variables);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Where the cursor goes once the inserted variable is in the textarea (after the next render).
  const caret = useRef<number | null>(null);
  // Until the person has been in the textarea its selection means nothing: a variable goes at the end.
  const visited = useRef(false);
  useEffect(() => {
    const element = textarea.current;
    if (caret.current === null || !element) return;
    element.focus();
    element.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  const insert = (name: string) => {
    const token = `{{${name}}}`;
    // A textarea keeps its selection when it loses focus to the button, so this is where the person was.
    const element = visited.current ? textarea.current : null;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? start;
    const next = `${value.slice(0, start)}${token}${value.slice(end)}`;
    if (next.length > maxLength) return;
    caret.current = start + token.length;
    onChange(next);
  };

  const listId = `${fieldId(path)}-variables`;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div>
        <Field path={path} label={label} hint={hint} errors={errors}>
          {(control) => (
            <textarea
              {...control}
              ref={textarea}
              onFocus={() => (visited.current = true)}
              value={value}
              onChange={(event) => onChange(event.target.value)}
              rows={rows}
              maxLength={maxLength}
              spellCheck
              className={inputClasses(errors.length > 0, "font-mono")}
            />
          )}
        </Field>
        <p id={listId} className="mt-3 text-xs font-medium text-slate-700">
          Variables: click one to insert it at the cursor
        </p>
        <ul aria-labelledby={listId} className="mt-1 space-y-1">
          {variables.map((variable) => (
            <li key={variable.name} className="flex flex-wrap items-baseline gap-x-2 text-xs">
              <button
                type="button"
                onClick={() => insert(variable.name)}
                className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800 ring-1 ring-slate-200 ring-inset hover:bg-indigo-50 hover:text-indigo-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <span className="sr-only">Insert </span>
                {`{{${variable.name}}}`}
              </button>
              <span className="text-slate-600">{variable.description}</span>
            </li>
          ))}
        </ul>
      </div>
      <TemplatePreviewPanel preview={preview} source={value} values={values} variables={variables} />
    </div>
  );
}

function TemplatePreviewPanel({
  preview,
  source,
  values,
  variables,
}: {
  preview: TemplatePreview;
  source: string;
  values: FormParams;
  variables: readonly TemplateVariable[];
}) {
  // Typing stays quick in a long template: the preview catches up when the browser has time.
  const body = useDeferredValue(source);
  switch (preview.kind) {
    case "email":
      return <EmailPreview subject={text(values[preview.subjectField])} body={body} variables={variables} />;
  }
}

function EmailPreview({
  subject,
  body,
  variables,
}: {
  subject: string;
  body: string;
  variables: readonly TemplateVariable[];
}) {
  const deferredSubject = useDeferredValue(subject);
  const email = useMemo(
    () => renderCustomerEmail({ subject: deferredSubject, body }, sampleValues(variables)),
    [deferredSubject, body, variables],
  );
  return (
    <section aria-label="Preview with sample values" className="min-w-0">
      <p className="text-sm font-medium text-slate-900">
        Preview <span className="font-normal text-slate-600">with sample values</span>
      </p>
      <div className="mt-1 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
          <dt className="text-xs font-medium text-slate-500">Subject</dt>
          <dd className="break-words text-slate-900">
            {email.subject || <span className="text-slate-500">(no subject yet)</span>}
          </dd>
        </dl>
        {body.trim() === "" ? (
          <p className="mt-2 text-sm text-slate-500">The email appears here as you write it.</p>
        ) : (
          <iframe
            title="Preview of the email's HTML"
            // No allow-* at all: the preview can run no script and reach nothing of this page.
            sandbox=""
            srcDoc={email.html}
            className="mt-2 h-72 w-full rounded-md bg-white ring-1 ring-slate-200"
          />
        )}
      </div>
    </section>
  );
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
