"use client";

import {
  cardMessages,
  messagesAt,
  type DueDateTiming,
  type FormActionStep,
  type FormDelayStep,
  type FormIssue,
  type FormStep,
} from "@/lib/automations/automation-form";
import { ACTIONS, ACTION_NAMES, actionsAllowedOn, type ActionName } from "@/lib/steps";
import { DURATION_UNITS } from "@/lib/steps/durations";
import type { StepDefaults } from "@/lib/steps/fields";
import type { Trigger } from "@/lib/triggers";
import {
  ArrowDownIcon,
  ArrowUpIcon,
  CloseIcon,
  Field,
  FieldErrors,
  IconButton,
  fieldId,
  inputClasses,
  selectClasses,
} from "./form-controls";
import { ParamFields, UNIT_LABELS } from "./param-fields";

export type { StepDefaults } from "@/lib/steps/fields";

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
  const allowed: readonly ActionName[] = trigger === "" ? ACTION_NAMES : actionsAllowedOn(trigger);
  // A step kept from another trigger still shows its action, marked, so the error beside it makes sense.
  const options = allowed.includes(step.action) ? allowed : [...allowed, step.action];
  const actionErrors = messagesAt(issues, `${path}.action`);
  const definition = ACTIONS[step.action];

  return (
    <div className="space-y-3">
      <Field
        path={`${path}.action`}
        label="Action"
        hint={definition.description}
        errors={actionErrors}
        className="sm:max-w-md"
      >
        {(control) => (
          <select
            {...control}
            value={step.action}
            onChange={(event) => onChange({ ...step, action: event.target.value as ActionName })}
            className={selectClasses(actionErrors.length > 0)}
          >
            {options.map((action) => (
              <option key={action} value={action}>
                {ACTIONS[action].label}
                {allowed.includes(action) ? "" : " (not allowed on this trigger)"}
              </option>
            ))}
          </select>
        )}
      </Field>

      {definition.notice ? (
        <p
          className={
            definition.notice.tone === "warning"
              ? "rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset"
              : "text-sm text-slate-600"
          }
        >
          {definition.notice.text}
        </p>
      ) : null}

      <ParamFields
        fields={definition.fields}
        values={step.params}
        path={`${path}.params`}
        issues={issues}
        defaults={defaults}
        onChange={(params) => onChange({ ...step, params })}
      />
    </div>
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
