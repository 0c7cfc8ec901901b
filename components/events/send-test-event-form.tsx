"use client";

import Link from "next/link";
import { useActionState, useId, useState, type ReactNode } from "react";
import type { AppErrorIssue } from "@/lib/errors";
import { SubmitButton } from "@/components/ui/button";
import { ErrorMessage } from "@/components/ui/page";
import { TEXT_LINK_CLASSES } from "@/components/ui/text-link";

export interface TriggerChoice {
  value: string;
  label: string;
  description: string;
  /** What is sent: "invoice.finalized of a send_invoice invoice…" */
  sends: string;
}

const FIELD =
  "mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-invalid:ring-red-600";

const DEFAULTS: Record<string, string> = {
  trigger: "subscription_payment_failed",
  amount: "249.00",
  interval: "month",
  dueInDays: "7",
};

export type SendTestEventState =
  | { status: "idle" }
  | { status: "sent"; eventId: string; objectId: string; type: string; values: Record<string, string> }
  | { status: "error"; error: string; issues?: AppErrorIssue[]; values: Record<string, string> };

/** Send a test event: a trigger and a few values; the server signs the event and posts it to itself. */
export function SendTestEventForm({
  triggers,
  defaultCurrency,
  send,
}: {
  triggers: TriggerChoice[];
  defaultCurrency: string;
  /** The page's server action: builds the event, signs it and posts it to this server's webhook route. */
  send: (previous: SendTestEventState, form: FormData) => Promise<SendTestEventState>;
}) {
  const [state, action] = useActionState<SendTestEventState, FormData>(send, { status: "idle" });
  const values: Record<string, string> = state.status === "idle" ? {} : state.values;
  const [trigger, setTrigger] = useState(values.trigger ?? DEFAULTS.trigger!);
  const issues = state.status === "error" ? (state.issues ?? []) : [];
  const issueFor = (field: string) => issues.find((issue) => issue.path === field)?.message;
  const value = (field: string, fallback = "") => values[field] ?? DEFAULTS[field] ?? fallback;
  const isSubscriptionEvent = trigger === "subscription_canceled";

  return (
    <form action={action} className="space-y-6" noValidate>
      {state.status === "sent" ? (
        <div role="status" className="rounded-md bg-green-50 p-4 text-sm text-green-900 ring-1 ring-green-200">
          <p className="font-medium">
            Sent {state.type} for <span className="font-mono">{state.objectId}</span>.
          </p>
          <p className="mt-1">
            <Link href={`/events/${encodeURIComponent(state.eventId)}`} className={TEXT_LINK_CLASSES}>
              View the event <span className="font-mono">{state.eventId}</span>
            </Link>{" "}
            to see its match trace and the run it started.
          </p>
        </div>
      ) : null}
      {state.status === "error" ? <ErrorMessage>{state.error}</ErrorMessage> : null}

      <fieldset>
        <legend className="text-sm font-semibold text-slate-900">Trigger</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {triggers.map((choice) => (
            <label
              key={choice.value}
              className="flex cursor-pointer gap-3 rounded-md bg-white p-3 ring-1 ring-slate-300 has-checked:bg-indigo-50 has-checked:ring-2 has-checked:ring-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600"
            >
              <input
                type="radio"
                name="trigger"
                value={choice.value}
                checked={trigger === choice.value}
                onChange={() => setTrigger(choice.value)}
                className="mt-0.5 size-4 shrink-0 accent-indigo-600 focus:outline-none"
              />
              <span className="min-w-0 text-sm">
                <span className="block font-medium text-slate-900">{choice.label}</span>
                <span className="block text-slate-600">{choice.description}</span>
                <span className="mt-1 block text-xs break-words text-slate-500">Sends {choice.sends}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={isSubscriptionEvent ? "Subscription amount" : "Invoice amount"} error={issueFor("amount")}>
          {(props) => (
            <input
              {...props}
              name="amount"
              type="text"
              inputMode="decimal"
              defaultValue={value("amount")}
              className={FIELD}
            />
          )}
        </Field>
        <Field label="Currency" hint="Three letters, e.g. usd, eur, jpy" error={issueFor("currency")}>
          {(props) => (
            <input
              {...props}
              name="currency"
              type="text"
              defaultValue={value("currency", defaultCurrency)}
              autoComplete="off"
              spellCheck={false}
              maxLength={3}
              className={`${FIELD} uppercase`}
            />
          )}
        </Field>
        <Field label="Billing interval" error={issueFor("interval")}>
          {(props) => (
            <select {...props} name="interval" defaultValue={value("interval")} className={FIELD}>
              <option value="month">Monthly</option>
              <option value="year">Yearly</option>
            </select>
          )}
        </Field>
      </div>

      {trigger === "invoice_due_date_upcoming" ? (
        <div className="sm:w-1/3">
          <Field label="Due in (days)" error={issueFor("dueInDays")}>
            {(props) => (
              <input
                {...props}
                name="dueInDays"
                type="number"
                min={0}
                max={365}
                step={1}
                defaultValue={value("dueInDays")}
                className={FIELD}
              />
            )}
          </Field>
        </div>
      ) : null}

      <div className="grid gap-6 sm:grid-cols-2">
        <MetadataFields
          legend="Customer metadata"
          prefix="customerMetadata"
          hint="Carried on the expanded customer, so customer-metadata conditions can match."
          values={values}
          issueFor={issueFor}
        />
        <MetadataFields
          legend="Invoice metadata"
          prefix="invoiceMetadata"
          hint={
            isSubscriptionEvent
              ? "Not used: this trigger's object is a subscription."
              : "Set on the invoice the event carries."
          }
          values={values}
          issueFor={issueFor}
        />
      </div>

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <SubmitButton pendingLabel="Sending…">Send test event</SubmitButton>
        <p className="text-xs text-slate-600">
          Signed with STRIPE_WEBHOOK_SECRET and posted to this server&apos;s webhook route.
        </p>
      </div>
    </form>
  );
}

function MetadataFields({
  legend,
  prefix,
  hint,
  values,
  issueFor,
}: {
  legend: string;
  prefix: string;
  hint: string;
  values: Record<string, string>;
  issueFor: (field: string) => string | undefined;
}) {
  const hintId = useId();
  return (
    <fieldset aria-describedby={hintId}>
      <legend className="text-sm font-semibold text-slate-900">{legend}</legend>
      <p id={hintId} className="text-xs text-slate-600">
        {hint} Optional.
      </p>
      <div className="mt-2 grid grid-cols-2 gap-3">
        <Field label={`${legend} key`} visibleLabel="Key" error={issueFor(`${prefix}Key`)}>
          {(props) => (
            <input
              {...props}
              name={`${prefix}Key`}
              type="text"
              defaultValue={values[`${prefix}Key`] ?? ""}
              autoComplete="off"
              spellCheck={false}
              className={FIELD}
            />
          )}
        </Field>
        <Field label={`${legend} value`} visibleLabel="Value" error={issueFor(`${prefix}Value`)}>
          {(props) => (
            <input
              {...props}
              name={`${prefix}Value`}
              type="text"
              defaultValue={values[`${prefix}Value`] ?? ""}
              autoComplete="off"
              spellCheck={false}
              className={FIELD}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

interface FieldProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** A label, the control, a hint and an error, wired together by ids. */
function Field({
  label,
  visibleLabel,
  hint,
  error,
  children,
}: {
  label: string;
  /** Shorter text shown on screen when the group's legend already says the rest. */
  visibleLabel?: string;
  hint?: string;
  error?: string;
  children: (props: FieldProps) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {visibleLabel ? (
          <>
            <span aria-hidden="true">{visibleLabel}</span>
            <span className="sr-only">{label}</span>
          </>
        ) : (
          label
        )}
      </label>
      {children({
        id,
        ...(error ? { "aria-invalid": true as const } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
