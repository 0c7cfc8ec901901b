"use client";

import { useLeaveGuard } from "@/components/ui/use-leave-guard";
import { useCan } from "@/components/ui/viewer-role";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { useAutomationActions } from "./automation-actions";
import { buttonClasses, Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/page";
import {
  allowedActionsFor,
  emptyFormValues,
  formLevelMessages,
  isDueDateDelay,
  messagesAt,
  moveItem,
  newActionStep,
  newCondition,
  newDelayStep,
  toFormValues,
  validateForm,
  type AutomationFormValues,
  type FormCondition,
  type FormIssue,
  type FormStep,
} from "@/lib/automations/automation-form";
import { ACTIONS } from "@/lib/steps";
import type { AutomationInput } from "@/lib/automations/schema";
import { TRIGGERS, triggerDefinitions, type Trigger } from "@/lib/triggers";
import { ConditionCard } from "./condition-card";
import { Field, FieldErrors, fieldId, inputClasses } from "./form-controls";
import { PriorityPanel } from "./priority-panel";
import type { PriorityItem } from "./priority-types";
import { DraftSimulations } from "@/components/simulations/draft-simulations";
import { StepCard, type StepDefaults } from "./step-card";
import { toast } from "@/components/ui/toaster";

const MAX_CONDITIONS = 20;
const MAX_STEPS = 50;

// Errors of this kind are shown as soon as they exist (a trigger change that strands a step),
// the rest only once the person has tried to save.
const LIVE_ERROR = /^steps\.\d+\.action$/;

interface Placement {
  trigger: Trigger;
  id: string;
  order: PriorityItem[];
}

export function AutomationEditor({
  automationId,
  initial,
  initialTrigger = "",
  currency,
  defaults,
}: {
  /** null: a new automation. */
  automationId: string | null;
  initial?: Pick<AutomationInput, "name" | "trigger" | "conditions" | "steps">;
  initialTrigger?: Trigger | "";
  /** The default currency: amounts are typed in its major units. */
  currency: string;
  defaults: StepDefaults;
}) {
  const router = useRouter();
  const actions = useAutomationActions();
  const [values, setValues] = useState<AutomationFormValues>(() =>
    initial ? toFormValues(initial, currency) : emptyFormValues(initialTrigger),
  );
  // Each attempt re-renders (so focus moves to the first problem again) and re-announces the summary.
  const [attempts, setAttempts] = useState(0);
  const submitted = attempts > 0;
  const [serverIssues, setServerIssues] = useState<FormIssue[] | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const [pending, startTransition] = useTransition();
  // What the form held when it opened, and whether a save has since stored what it holds.
  const [pristine] = useState(values);
  const [saved, setSaved] = useState(false);
  useLeaveGuard(!saved && JSON.stringify(values) !== JSON.stringify(pristine));
  const canEdit = useCan("editor");
  const leaving = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const afterRender = useRef<(() => void) | null>(null);

  useEffect(() => {
    const task = afterRender.current;
    afterRender.current = null;
    task?.();
  });

  const validation = useMemo(() => validateForm(values, currency), [values, currency]);
  const clientIssues = validation.ok ? [] : validation.issues;
  const issues: FormIssue[] =
    serverIssues ?? (submitted ? clientIssues : clientIssues.filter((issue) => LIVE_ERROR.test(issue.path)));
  const trigger = values.trigger;
  const allowedActions = allowedActionsFor(trigger);
  const storedTrigger = initial?.trigger;

  function update(change: (current: AutomationFormValues) => AutomationFormValues) {
    setValues(change);
    setServerIssues(null);
  }

  const focusField = (path: string) => {
    afterRender.current = () => document.getElementById(fieldId(path))?.focus();
  };
  const focusElement = (selector: string, fallback?: string) => {
    afterRender.current = () => {
      const form = formRef.current;
      const target = form?.querySelector<HTMLElement>(selector);
      const usable = target && !(target as HTMLButtonElement).disabled ? target : null;
      (usable ?? (fallback ? form?.querySelector<HTMLElement>(fallback) : null))?.focus();
    };
  };
  const focusFirstInvalid = () => {
    afterRender.current = () => {
      const form = formRef.current;
      const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
      (invalid ?? form?.querySelector<HTMLElement>("[data-error-summary]"))?.focus();
    };
  };

  // ---- conditions ----
  const setCondition = (index: number, condition: FormCondition) =>
    update((current) => ({
      ...current,
      conditions: current.conditions.map((item, i) => (i === index ? condition : item)),
    }));
  const addCondition = () => {
    focusField(`conditions.${values.conditions.length}.type`);
    update((current) => ({ ...current, conditions: [...current.conditions, newCondition()] }));
  };
  const removeCondition = (index: number) => {
    focusElement("[data-add-condition]");
    update((current) => ({ ...current, conditions: current.conditions.filter((_, i) => i !== index) }));
  };

  // ---- steps ----
  const setStep = (index: number, step: FormStep) =>
    update((current) => ({ ...current, steps: current.steps.map((item, i) => (i === index ? step : item)) }));
  const addAction = () => {
    const first = allowedActions[0];
    if (!first) return;
    focusField(`steps.${values.steps.length}.action`);
    update((current) => ({ ...current, steps: [...current.steps, newActionStep(first)] }));
  };
  const addDelay = () => {
    focusField(`steps.${values.steps.length}.amount`);
    update((current) => ({ ...current, steps: [...current.steps, newDelayStep()] }));
  };
  const moveStep = (index: number, direction: -1 | 1) => {
    const uid = values.steps[index]?.uid;
    const control = direction === -1 ? "up" : "down";
    const other = direction === -1 ? "down" : "up";
    focusElement(
      `[data-step-uid="${uid}"] [data-control="${control}"]`,
      `[data-step-uid="${uid}"] [data-control="${other}"]`,
    );
    update((current) => ({ ...current, steps: moveItem(current.steps, index, direction) }));
  };
  const removeStep = (index: number) => {
    focusElement("[data-add-action]:not(:disabled)", "[data-add-delay]");
    update((current) => ({ ...current, steps: current.steps.filter((_, i) => i !== index) }));
  };

  // ---- saving ----
  function leave() {
    if (leaving.current) return;
    leaving.current = true;
    startTransition(() => router.push("/automations"));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setAttempts((count) => count + 1);
    setServerError(null);
    setServerIssues(null);
    const result = validateForm(values, currency);
    if (!result.ok) {
      focusFirstInvalid();
      return;
    }
    startTransition(async () => {
      const saved = await actions.save(automationId, result.input);
      if (!saved.ok) {
        setServerError(saved.error);
        setServerIssues(saved.issues ?? []);
        focusFirstInvalid();
        return;
      }
      setSaved(true);
      toast.success(
        automationId === null ? `“${values.name.trim()}” is created.` : `“${values.name.trim()}” is saved.`,
      );
      // A new automation is created last; with others on its trigger, the person places it.
      if (automationId === null && saved.data.order.length > 1) {
        setPlacement({ trigger: saved.data.trigger, id: saved.data.id, order: saved.data.order });
        return;
      }
      leaving.current = true;
      router.push("/automations");
    });
  }

  const summary = submitted || serverError ? formLevelMessages(issues) : [];
  const problemCount = issues.length;

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-8 pb-4" aria-busy={pending || undefined}>
        {serverError || (submitted && problemCount > 0) ? (
          <div key={attempts} tabIndex={-1} data-error-summary className="focus:outline-none">
            <ErrorMessage>
              <p className="font-semibold">
                {serverError && problemCount === 0
                  ? serverError
                  : `The automation was not saved: ${problemCount === 1 ? "1 problem needs" : `${problemCount} problems need`} fixing. Each one is shown next to its field.`}
              </p>
              {summary.length > 0 ? (
                <ul className="mt-1 list-disc pl-5">
                  {summary.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              ) : null}
            </ErrorMessage>
          </div>
        ) : null}

        <div className="space-y-6">
          <Field path="name" label="Name" errors={messagesAt(issues, "name")} className="max-w-xl">
            {(control) => (
              <input
                {...control}
                value={values.name}
                onChange={(event) => update((current) => ({ ...current, name: event.target.value }))}
                maxLength={120}
                autoComplete="off"
                placeholder="Custom dunning for annual subscribers"
                className={inputClasses(messagesAt(issues, "name").length > 0)}
              />
            )}
          </Field>
          <label className="flex max-w-xl items-start gap-3 text-sm text-slate-900">
            <input
              type="checkbox"
              checked={values.shadow ?? false}
              onChange={(event) => update((current) => ({ ...current, shadow: event.target.checked }))}
              aria-describedby="shadow-hint"
              className="mt-0.5 size-4 shrink-0 accent-indigo-600"
            />
            <span>
              <span className="font-medium">Run in shadow</span>
              <span id="shadow-hint" className="block text-slate-600">
                Checked on every event of its trigger beside the live automations, recording what it would have done (on
                each event&apos;s page), and acting on nothing.
              </span>
            </span>
          </label>
          <Field
            path="holdoutPercent"
            label="Hold out (% of matches)"
            errors={messagesAt(issues, "holdoutPercent")}
            hint="That share of its matches, chosen by the invoice or subscription id, starts no run — Stripe's default settings apply — so the Outcomes page can compare what it recovers with what it would have without it. 0 to 50; 0 holds nothing out."
            className="max-w-xl"
          >
            {(control) => (
              <input
                {...control}
                value={values.holdoutPercent ?? "0"}
                onChange={(event) => update((current) => ({ ...current, holdoutPercent: event.target.value }))}
                inputMode="numeric"
                autoComplete="off"
                className={inputClasses(messagesAt(issues, "holdoutPercent").length > 0, "", "w-24")}
              />
            )}
          </Field>
          <TriggerPicker
            value={trigger}
            errors={messagesAt(issues, "trigger")}
            movedFrom={storedTrigger && trigger !== "" && trigger !== storedTrigger ? storedTrigger : null}
            onChange={(next) => update((current) => ({ ...current, trigger: next }))}
          />
        </div>

        <section aria-labelledby="editor-conditions" className="space-y-3">
          <div>
            <h2 id="editor-conditions" className="text-base font-semibold text-slate-900">
              Conditions
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              All conditions must hold for this automation to run. With none, it runs for every event of its trigger.
            </p>
          </div>
          {values.conditions.map((condition, index) => (
            <ConditionCard
              key={condition.uid}
              index={index}
              condition={condition}
              currency={currency}
              issues={issues}
              onChange={(next) => setCondition(index, next)}
              onRemove={() => removeCondition(index)}
            />
          ))}
          <FieldErrors id={`${fieldId("conditions")}-error`} messages={messagesAt(issues, "conditions")} />
          <button
            type="button"
            data-add-condition
            onClick={addCondition}
            disabled={values.conditions.length >= MAX_CONDITIONS}
            className={buttonClasses("secondary")}
          >
            + Add condition
          </button>
        </section>

        <section aria-labelledby="editor-steps" className="space-y-3">
          <div>
            <h2 id="editor-steps" className="text-base font-semibold text-slate-900">
              Steps
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              {trigger === ""
                ? "Choose a trigger first: it decides which actions are available."
                : `Actions run in order; a delay pushes the steps after it later. On “${triggerDefinitions[trigger].label}” the actions are: ${allowedActions.map((action) => ACTIONS[action].label).join(", ")}.`}
            </p>
          </div>
          {values.steps.length === 0 ? (
            <p className="rounded-lg border-2 border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
              No steps yet. Add at least one action{trigger === "" ? " once a trigger is chosen" : ""}.
            </p>
          ) : (
            <ol className="space-y-3">
              {values.steps.map((step, index) => (
                <li key={step.uid}>
                  <StepCard
                    index={index}
                    count={values.steps.length}
                    step={step}
                    trigger={trigger}
                    dueDateDelay={isDueDateDelay(trigger, values.steps, index)}
                    issues={issues}
                    defaults={defaults}
                    onChange={(next) => setStep(index, next)}
                    onMove={(direction) => moveStep(index, direction)}
                    onRemove={() => removeStep(index)}
                  />
                </li>
              ))}
            </ol>
          )}
          <FieldErrors id={`${fieldId("steps")}-error`} messages={messagesAt(issues, "steps")} />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              data-add-action
              onClick={addAction}
              disabled={allowedActions.length === 0 || values.steps.length >= MAX_STEPS}
              aria-describedby={messagesAt(issues, "steps").length > 0 ? `${fieldId("steps")}-error` : undefined}
              className={buttonClasses("secondary")}
            >
              + Add action
            </button>
            <button
              type="button"
              data-add-delay
              onClick={addDelay}
              disabled={values.steps.length >= MAX_STEPS}
              className={buttonClasses("secondary")}
            >
              + Add delay
            </button>
          </div>
        </section>

        {validation.warnings.length > 0 ? (
          <section
            aria-labelledby="editor-warnings"
            className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
          >
            <h2 id="editor-warnings" className="font-semibold">
              Worth a second look (saving is still allowed)
            </h2>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {validation.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </section>
        ) : null}

        <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur">
          {canEdit ? (
            <Button type="submit" pending={pending} pendingLabel="Saving…">
              {automationId === null ? "Save automation" : "Save changes"}
            </Button>
          ) : (
            <p className="text-sm text-slate-600">Only an editor or above can change automations.</p>
          )}
          <Link href="/automations" className={buttonClasses("secondary")}>
            Cancel
          </Link>
          {storedTrigger && trigger !== "" && trigger !== storedTrigger ? (
            <p className="text-sm text-slate-600">It will be placed last on its new trigger.</p>
          ) : null}
        </div>
      </form>

      <div className="mt-8">
        <DraftSimulations automationId={automationId} draft={validation.ok ? validation.input : null} />
      </div>

      {placement ? (
        <PriorityPanel
          open
          trigger={placement.trigger}
          items={placement.order}
          highlightId={placement.id}
          intro={`“${values.name.trim()}” was saved last on this trigger. Move it to where it should be checked, then save the order.`}
          cancelLabel="Keep it last"
          onClose={leave}
          onSaved={leave}
        />
      ) : null}
    </>
  );
}

function TriggerPicker({
  value,
  errors,
  movedFrom,
  onChange,
}: {
  value: Trigger | "";
  errors: readonly string[];
  movedFrom: Trigger | null;
  onChange: (trigger: Trigger) => void;
}) {
  const errorId = `${fieldId("trigger")}-error`;
  return (
    <fieldset aria-describedby={errors.length > 0 ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-900">Trigger</legend>
      <p className="mt-1 text-sm text-slate-600">The event that starts this automation.</p>
      <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {TRIGGERS.map((trigger, index) => {
          const id = index === 0 ? fieldId("trigger") : `${fieldId("trigger")}-${trigger}`;
          const checked = value === trigger;
          return (
            <label
              key={trigger}
              htmlFor={id}
              className={`flex cursor-pointer gap-3 rounded-lg bg-white p-3 ring-1 ring-inset has-focus-visible:ring-2 has-focus-visible:ring-indigo-600 ${
                checked
                  ? "ring-2 ring-indigo-600"
                  : errors.length > 0
                    ? "ring-red-500"
                    : "ring-slate-300 hover:ring-slate-400"
              }`}
            >
              <input
                id={id}
                type="radio"
                name="trigger"
                value={trigger}
                checked={checked}
                onChange={() => onChange(trigger)}
                aria-invalid={errors.length > 0 || undefined}
                aria-describedby={`${id}-description`}
                className="mt-0.5 size-4 shrink-0 accent-indigo-600"
              />
              <span className="min-w-0">
                <span className="block text-sm font-medium text-slate-900">{triggerDefinitions[trigger].label}</span>
                <span id={`${id}-description`} className="mt-0.5 block text-xs text-slate-600">
                  {triggerDefinitions[trigger].description}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {movedFrom ? (
        <p className="mt-2 text-sm text-amber-800">
          Moving from “{triggerDefinitions[movedFrom].label}” places it last in the new trigger&apos;s priority order;
          runs already started keep their steps.
        </p>
      ) : null}
      <FieldErrors id={errorId} messages={errors} />
    </fieldset>
  );
}
