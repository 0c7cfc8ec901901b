"use client";

import { useCan } from "@/components/ui/viewer-role";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/page";
import type { ActionResult } from "@/lib/auth/admin-action";
import type { Settings } from "@/lib/settings/settings";
import { ExchangeRatesField } from "./exchange-rates-field";
import { FieldError, FieldInput, inputId, MultiValueField } from "./fields";
import {
  fieldOrder,
  placeIssues,
  toFormValues,
  validateSettingsForm,
  type FieldErrors,
  type SettingsFormValues,
} from "./form-model";

type Status = { kind: "idle" } | { kind: "saved" } | { kind: "failed"; message: string };

/**
 * The editable settings. Validated in the browser with the settings schema before anything is
 * sent, and again by the server action; errors from either side appear under their field.
 */
export function SettingsForm({
  initial,
  timeZones,
  save,
}: {
  initial: Settings;
  /** The zones to offer, as the server knows them (the same list on both sides of hydration). */
  timeZones: readonly string[];
  save: (input: unknown) => Promise<ActionResult<Settings>>;
}) {
  const [saved, setSaved] = useState(initial);
  const [values, setValues] = useState<SettingsFormValues>(() => toFormValues(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const canSave = useCan("admin");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [pending, startTransition] = useTransition();

  const edit = (change: Partial<SettingsFormValues>) => {
    setValues((current) => ({ ...current, ...change }));
    if (status.kind === "saved") setStatus({ kind: "idle" });
  };

  const showErrors = (next: FieldErrors, formValues: SettingsFormValues) => {
    setErrors(next);
    const count = Object.keys(next).filter((field) => field !== "form").length;
    setStatus({
      kind: "failed",
      message:
        next.form ??
        `Nothing was saved: ${count === 1 ? "one field needs" : `${count} fields need`} fixing; each says why.`,
    });
    const first = fieldOrder(formValues).find((field) => next[field] && document.getElementById(inputId(field)));
    if (first) document.getElementById(inputId(first))?.focus();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitted = values;
    const validation = validateSettingsForm(submitted);
    if (!validation.ok) {
      showErrors(validation.errors, submitted);
      return;
    }
    setErrors({});
    setStatus({ kind: "idle" });
    startTransition(async () => {
      const result = await save(validation.settings);
      if (result.ok) {
        setSaved(result.data);
        setValues(toFormValues(result.data));
        setStatus({ kind: "saved" });
        return;
      }
      const placed = placeIssues(result.issues ?? [], submitted);
      const fieldCount = Object.keys(placed).filter((field) => field !== "form").length;
      if (fieldCount > 0) showErrors(placed, submitted);
      else setStatus({ kind: "failed", message: result.error });
    });
  };

  const currencyChanged = values.defaultCurrency.trim().toLowerCase() !== saved.defaultCurrency;
  const defaultCurrencyHint = `${inputId("defaultCurrency")}-hint`;

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Settings" className="space-y-6">
      <section
        aria-labelledby="settings-money"
        className="space-y-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="settings-money" className="text-base font-semibold text-slate-900">
          Money
        </h2>
        <div className="max-w-xs">
          <label htmlFor={inputId("defaultCurrency")} className="block text-sm font-semibold text-slate-900">
            Default currency
          </label>
          <p id={defaultCurrencyHint} className="mt-1 text-sm text-slate-600">
            Three letters, e.g. USD. Amount conditions are written in this currency, in its usual units (500.00 for
            $500); invoices in another currency are converted to it.
          </p>
          <div className="mt-2 w-28">
            <FieldInput
              field="defaultCurrency"
              error={errors.defaultCurrency}
              describedBy={defaultCurrencyHint}
              className="uppercase"
              maxLength={3}
              autoComplete="off"
              spellCheck={false}
              value={values.defaultCurrency}
              onChange={(event) => edit({ defaultCurrency: event.target.value.toUpperCase() })}
            />
          </div>
          <FieldError field="defaultCurrency" error={errors.defaultCurrency} />
          {currencyChanged && !errors.defaultCurrency ? (
            <p className="mt-2 text-sm text-amber-800">
              Nothing is converted when the default changes: amount conditions and the rates below will be read in the
              new currency. Review them before saving.
            </p>
          ) : null}
        </div>
        <ExchangeRatesField
          defaultCurrency={values.defaultCurrency}
          rows={values.rates}
          errors={errors}
          onChange={(rates) => edit({ rates })}
        />
      </section>

      <section
        aria-labelledby="settings-recipients"
        className="space-y-8 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="settings-recipients" className="text-base font-semibold text-slate-900">
          Recipients
        </h2>
        <MultiValueField
          name="teamEmails"
          legend="Team email recipients"
          description="Who receives “send team email” steps that do not name their own recipients."
          itemLabel="Team email"
          addLabel="Add an email"
          emptyText="None yet: a team email step without its own recipients will fail."
          placeholder="ops@example.com"
          inputType="email"
          items={values.teamEmails}
          errors={errors}
          onChange={(teamEmails) => edit({ teamEmails })}
        />
        <MultiValueField
          name="webhookEndpoints"
          legend="invoice.will_be_due webhook endpoints"
          description="Where “send invoice.will_be_due webhook” steps POST their signed event when the step names no URL."
          itemLabel="Webhook endpoint"
          addLabel="Add an endpoint"
          emptyText="None yet: a webhook step without its own URL will fail."
          placeholder="https://example.com/hooks/billing"
          inputType="url"
          items={values.webhookEndpoints}
          errors={errors}
          onChange={(webhookEndpoints) => edit({ webhookEndpoints })}
        />
      </section>

      <section
        aria-labelledby="settings-time"
        className="space-y-3 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
      >
        <h2 id="settings-time" className="text-base font-semibold text-slate-900">
          Time
        </h2>
        <div className="max-w-sm">
          <label htmlFor={inputId("timeZone")} className="block text-sm font-semibold text-slate-900">
            Team time zone
          </label>
          <p id={`${inputId("timeZone")}-hint`} className="mt-1 text-sm text-slate-600">
            Every time in the app is shown in it, named, for everyone on the team; the lists&apos; date filters are its
            days.
          </p>
          <select
            id={inputId("timeZone")}
            value={values.timeZone}
            onChange={(event) => edit({ timeZone: event.target.value })}
            aria-describedby={`${inputId("timeZone")}-hint`}
            aria-invalid={errors.timeZone ? true : undefined}
            disabled={!canSave}
            className="mt-2 block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
          >
            {(timeZones.includes(values.timeZone) ? timeZones : [values.timeZone, ...timeZones]).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          <FieldError field="timeZone" error={errors.timeZone} />
        </div>
      </section>

      <div className="flex flex-wrap items-center gap-4">
        {canSave ? (
          <Button type="submit" pending={pending} pendingLabel="Saving…">
            Save settings
          </Button>
        ) : (
          <p className="text-sm text-slate-600">Only an admin can change the settings.</p>
        )}
        <p role="status" className="text-sm font-medium text-green-800">
          {status.kind === "saved" ? "Settings saved." : ""}
        </p>
      </div>
      {status.kind === "failed" ? <ErrorMessage>{status.message}</ErrorMessage> : null}
    </form>
  );
}
