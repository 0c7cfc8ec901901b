"use client";

import {
  ACTION_NAMES,
  DURATION_UNITS,
  MAX_RETRIES,
  actionDefinitions,
  type ActionName,
} from "@/lib/automations/actions";
import {
  cardMessages,
  invalidIndexesUnder,
  messagesAt,
  messagesUnder,
  newRetry,
  type DueDateTiming,
  type FormActionStep,
  type FormDelayStep,
  type FormIssue,
  type FormRetry,
  type FormStep,
} from "@/lib/automations/automation-form";
import type { Trigger } from "@/lib/automations/triggers";
import { triggerDefinitions } from "@/lib/automations/triggers";
import { ChipsInput } from "./chips-input";
import {
  ArrowDownIcon,
  ArrowUpIcon,
  CloseIcon,
  Field,
  FieldErrors,
  IconButton,
  describedBy,
  fieldId,
  inputClasses,
  selectClasses,
} from "./form-controls";

const UNIT_LABELS = { seconds: "seconds", minutes: "minutes", hours: "hours", days: "days" } as const;

/** Settings the action fields fall back on, shown so the person knows what "empty" means. */
export interface StepDefaults {
  teamEmails: readonly string[];
  webhookEndpoints: readonly string[];
}

export function StepCard({
  index,
  count,
  step,
  trigger,
  dueDateDelay,
  issues,
  defaults,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  step: FormStep;
  trigger: Trigger | "";
  /** The first delay on invoice_due_date_upcoming: "before/after the due date". */
  dueDateDelay: boolean;
  issues: readonly FormIssue[];
  defaults: StepDefaults;
  onChange: (step: FormStep) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}) {
  const path = `steps.${index}`;
  const cardErrors = cardMessages(issues, path);
  const kind = step.type === "action" ? "Action" : "Delay";

  return (
    <fieldset
      data-step-uid={step.uid}
      aria-describedby={cardErrors.length > 0 ? `${fieldId(path)}-error` : undefined}
      className={`relative rounded-lg bg-white p-4 ring-1 ring-slate-200 ${step.type === "delay" ? "border-l-4 border-l-slate-300" : "border-l-4 border-l-indigo-500"}`}
    >
      <legend className="float-left w-full pr-32 text-sm font-semibold text-slate-900">
        {`Step ${index + 1}: ${kind}`}
      </legend>
      <div className="absolute top-2.5 right-2.5 flex gap-1.5">
        <IconButton
          label={`Move step ${index + 1} up`}
          onClick={() => onMove(-1)}
          disabled={index === 0}
          dataAttribute="up"
        >
          <ArrowUpIcon />
        </IconButton>
        <IconButton
          label={`Move step ${index + 1} down`}
          onClick={() => onMove(1)}
          disabled={index === count - 1}
          dataAttribute="down"
        >
          <ArrowDownIcon />
        </IconButton>
        <IconButton label={`Remove step ${index + 1}`} tone="danger" onClick={onRemove}>
          <CloseIcon />
        </IconButton>
      </div>
      <div className="clear-both pt-3">
        {step.type === "action" ? (
          <ActionFields
            step={step}
            path={path}
            trigger={trigger}
            issues={issues}
            defaults={defaults}
            onChange={onChange}
          />
        ) : (
          <DelayFields step={step} path={path} dueDateDelay={dueDateDelay} issues={issues} onChange={onChange} />
        )}
      </div>
      <FieldErrors id={`${fieldId(path)}-error`} messages={cardErrors} />
    </fieldset>
  );
}

function ActionFields({
  step,
  path,
  trigger,
  issues,
  defaults,
  onChange,
}: {
  step: FormActionStep;
  path: string;
  trigger: Trigger | "";
  issues: readonly FormIssue[];
  defaults: StepDefaults;
  onChange: (step: FormStep) => void;
}) {
  const allowed = trigger === "" ? ACTION_NAMES : triggerDefinitions[trigger].allowedActions;
  // A step kept from another trigger still shows its action, marked, so the error beside it makes sense.
  const options = allowed.includes(step.action) ? allowed : [...allowed, step.action];
  const set = (patch: Partial<FormActionStep>) => onChange({ ...step, ...patch });
  const actionErrors = messagesAt(issues, `${path}.action`);
  const paramsPath = `${path}.params`;

  return (
    <div className="space-y-3">
      <Field
        path={`${path}.action`}
        label="Action"
        hint={actionDefinitions[step.action].description}
        errors={actionErrors}
        className="sm:max-w-md"
      >
        {(control) => (
          <select
            {...control}
            value={step.action}
            onChange={(event) => set({ action: event.target.value as ActionName })}
            className={selectClasses(actionErrors.length > 0)}
          >
            {options.map((action) => (
              <option key={action} value={action}>
                {actionDefinitions[action].label}
                {allowed.includes(action) ? "" : " (not allowed on this trigger)"}
              </option>
            ))}
          </select>
        )}
      </Field>

      {step.action === "mark_subscription_unpaid" ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
          Stripe&apos;s API cannot set a subscription&apos;s status to <code>unpaid</code>. The engine does the
          equivalent: it pauses collection with <code>keep_as_draft</code> (new invoices stay in draft) and turns
          auto-advance off on the failed invoice. The run records that it did this.
        </p>
      ) : null}
      {step.action === "cancel_subscription" ? (
        <p className="text-sm text-slate-600">The run ends after this step: later steps never run.</p>
      ) : null}

      {step.action === "send_team_email" ? (
        <>
          <Field
            path={`${paramsPath}.to`}
            label="Recipients"
            hint={
              defaults.teamEmails.length > 0
                ? `Press Enter or comma after each address. Leave empty to use the team emails in settings (${defaults.teamEmails.join(", ")}).`
                : "Press Enter or comma after each address. Leave empty to use the team emails in settings (none set yet)."
            }
            errors={messagesUnder(issues, `${paramsPath}.to`)}
          >
            {(control) => (
              <ChipsInput
                control={control}
                values={step.to}
                onChange={(to) => set({ to })}
                itemName="recipient"
                type="email"
                placeholder="ops@example.com"
                invalidIndexes={invalidIndexesUnder(issues, `${paramsPath}.to`)}
              />
            )}
          </Field>
          <Field
            path={`${paramsPath}.memo`}
            label="Memo"
            hint="Sent with the trigger's details (invoice, customer, amount). Optional."
            errors={messagesAt(issues, `${paramsPath}.memo`)}
          >
            {(control) => (
              <textarea
                {...control}
                value={step.memo}
                onChange={(event) => set({ memo: event.target.value })}
                rows={3}
                maxLength={2000}
                className={inputClasses(messagesAt(issues, `${paramsPath}.memo`).length > 0)}
              />
            )}
          </Field>
        </>
      ) : null}

      {step.action === "send_cancellation_email" ? (
        <UrlField
          path={`${paramsPath}.surveyUrl`}
          label="Survey link"
          hint="Optional: a link to a cancellation survey, included in the email."
          value={step.surveyUrl}
          onChange={(surveyUrl) => set({ surveyUrl })}
          issues={issues}
        />
      ) : null}

      {step.action === "send_invoice_will_be_due_webhook" ? (
        <UrlField
          path={`${paramsPath}.url`}
          label="Webhook URL"
          hint={
            defaults.webhookEndpoints.length > 0
              ? `Leave empty to use the endpoints in settings (${defaults.webhookEndpoints.join(", ")}).`
              : "Leave empty to use the endpoints in settings (none set yet)."
          }
          value={step.url}
          onChange={(url) => set({ url })}
          issues={issues}
        />
      ) : null}

      {step.action === "set_retry_policy" ? (
        <RetryFields
          path={`${paramsPath}.retries`}
          retries={step.retries}
          issues={issues}
          onChange={(retries) => set({ retries })}
        />
      ) : null}
    </div>
  );
}

function UrlField({
  path,
  label,
  hint,
  value,
  onChange,
  issues,
}: {
  path: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  issues: readonly FormIssue[];
}) {
  const errors = messagesAt(issues, path);
  return (
    <Field path={path} label={label} hint={hint} errors={errors} className="sm:max-w-xl">
      {(control) => (
        <input
          {...control}
          type="url"
          inputMode="url"
          value={value}
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

function RetryFields({
  path,
  retries,
  issues,
  onChange,
}: {
  path: string;
  retries: readonly FormRetry[];
  issues: readonly FormIssue[];
  onChange: (retries: FormRetry[]) => void;
}) {
  const listErrors = messagesAt(issues, path);
  const listErrorId = `${fieldId(path)}-error`;
  const hintId = `${fieldId(path)}-hint`;
  return (
    <fieldset aria-describedby={describedBy(hintId, listErrors.length > 0 && listErrorId)}>
      <legend className="text-sm font-medium text-slate-900">Retry schedule</legend>
      <p id={hintId} className="mt-1 text-xs text-slate-600">
        Each retry tries to pay the invoice this long after this step runs (e.g. after 1, 3 and 7 days). The run turns
        Stripe&apos;s own retries off for this invoice.
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
        disabled={retries.length >= MAX_RETRIES}
        className="mt-2 rounded-md px-2 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50"
      >
        + Add retry
      </button>
      <FieldErrors id={listErrorId} messages={listErrors} />
    </fieldset>
  );
}

function DelayFields({
  step,
  path,
  dueDateDelay,
  issues,
  onChange,
}: {
  step: FormDelayStep;
  path: string;
  dueDateDelay: boolean;
  issues: readonly FormIssue[];
  onChange: (step: FormStep) => void;
}) {
  const set = (patch: Partial<FormDelayStep>) => onChange({ ...step, ...patch });
  const amountErrors = messagesAt(issues, `${path}.amount`);
  const unitErrors = messagesAt(issues, `${path}.unit`);
  const fromErrors = messagesAt(issues, `${path}.from`);
  return (
    <div>
      <div className="flex flex-wrap items-start gap-3">
        <Field
          path={`${path}.amount`}
          label={dueDateDelay ? "How long" : "Wait"}
          errors={amountErrors}
          showErrors={false}
          className="w-28"
        >
          {(control) => (
            <input
              {...control}
              value={step.amount}
              onChange={(event) => set({ amount: event.target.value })}
              inputMode="numeric"
              autoComplete="off"
              placeholder="3"
              className={inputClasses(amountErrors.length > 0, "tabular-nums")}
            />
          )}
        </Field>
        <Field path={`${path}.unit`} label="Unit" errors={unitErrors} showErrors={false} className="w-36">
          {(control) => (
            <select
              {...control}
              value={step.unit}
              onChange={(event) => set({ unit: event.target.value as FormDelayStep["unit"] })}
              className={selectClasses(unitErrors.length > 0)}
            >
              {DURATION_UNITS.map((unit) => (
                <option key={unit} value={unit}>
                  {UNIT_LABELS[unit]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {dueDateDelay ? (
          <Field path={`${path}.from`} label="When" errors={fromErrors} showErrors={false} className="w-56">
            {(control) => (
              <select
                {...control}
                value={step.timing}
                onChange={(event) => set({ timing: event.target.value as DueDateTiming })}
                className={selectClasses(fromErrors.length > 0)}
              >
                <option value="before_due_date">before the due date</option>
                <option value="after_due_date">after the due date</option>
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <FieldErrors id={`${fieldId(`${path}.amount`)}-error`} messages={amountErrors} />
      <FieldErrors id={`${fieldId(`${path}.unit`)}-error`} messages={unitErrors} />
      <FieldErrors id={`${fieldId(`${path}.from`)}-error`} messages={fromErrors} />
      <p className="mt-2 text-xs text-slate-600">
        {dueDateDelay
          ? "The steps after this one run at this time, counted from the invoice's due date."
          : "The steps after this one run this much later."}
      </p>
    </div>
  );
}
