"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/button";
import { acceptInvitationAction, type AcceptState } from "./actions";

const FIELD =
  "mt-1 block w-full rounded-md border-0 px-3 py-2 text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600";

const messagesAt = (state: AcceptState, path: string) =>
  state.issues?.filter((issue) => issue.path === path).map((issue) => issue.message) ?? [];

export function AcceptForm({ token, minPasswordLength }: { token: string; minPasswordLength: number }) {
  const [state, action] = useActionState<AcceptState, FormData>(acceptInvitationAction, {});
  const nameErrors = messagesAt(state, "name");
  const passwordErrors = messagesAt(state, "password");
  // An error no field owns (the link was used meanwhile) is said under the password, the last field.
  const otherError = state.error && nameErrors.length === 0 && passwordErrors.length === 0 ? state.error : null;
  const passwordMessages = [...passwordErrors, ...(otherError ? [otherError] : [])];
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="name" className="block text-sm font-medium text-slate-900">
          Your name
        </label>
        <input
          id="name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={200}
          defaultValue={state.name}
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={nameErrors.length > 0 ? "name-error" : undefined}
          className={FIELD}
        />
        {nameErrors.length > 0 ? (
          <p id="name-error" role="alert" className="mt-2 text-sm text-red-700">
            {nameErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-900">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          aria-invalid={passwordMessages.length > 0 || undefined}
          aria-describedby={passwordMessages.length > 0 ? "password-hint password-error" : "password-hint"}
          className={FIELD}
        />
        <p id="password-hint" className="mt-1 text-xs text-slate-600">
          At least {minPasswordLength} characters.
        </p>
        {passwordMessages.length > 0 ? (
          <p id="password-error" role="alert" className="mt-2 text-sm text-red-700">
            {passwordMessages.join(" ")}
          </p>
        ) : null}
      </div>
      <SubmitButton className="w-full" pendingLabel="Joining…">
        Join
      </SubmitButton>
    </form>
  );
}
