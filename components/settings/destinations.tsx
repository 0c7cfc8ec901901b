"use client";

import { useCan } from "@/components/ui/viewer-role";
import { useId, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SettingsSection } from "./section";
import { ErrorMessage } from "@/components/ui/page";
import { inputClasses, selectClasses } from "@/components/automations/form-controls";
import type { ActionResult } from "@/lib/auth/admin-action";
import type { DestinationTestResult } from "@/lib/destinations/test-destination";
import { DESTINATION_KIND_LABELS, DESTINATION_KINDS, type DestinationKind } from "@/lib/destinations/kinds";
import type { AppErrorIssue } from "@/lib/errors";

export interface DestinationRow {
  id: string;
  name: string;
  kind: DestinationKind;
  /** Without a Slack URL's secret path. */
  shownUrl: string;
  usedBy: string[];
}

export interface DestinationActions {
  create: (input: { name: string; kind: DestinationKind; url: string }) => Promise<ActionResult<{ id: string }>>;
  replaceUrl: (id: string, input: { url: string }) => Promise<ActionResult<{ id: string }>>;
  remove: (id: string) => Promise<ActionResult<{ id: string }>>;
  test: (id: string) => Promise<ActionResult<DestinationTestResult>>;
}

const URL_PLACEHOLDER: Record<DestinationKind, string> = {
  slack: "https://hooks.slack.com/services/T…/B…/…",
  http: "https://billing.example.com/hooks/automations",
};

const issueAt = (issues: readonly AppErrorIssue[] | undefined, path: string) =>
  issues?.filter((issue) => issue.path === path).map((issue) => issue.message) ?? [];

function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {messages.join(" ")}
    </p>
  );
}

/**
 * The named places steps send to: Slack incoming webhooks (whose URL is a secret, shown only by
 * host once saved) and HTTP endpoints that take signed events. Each can be tested from here.
 */
export function Destinations({
  destinations,
  actions,
}: {
  destinations: DestinationRow[];
  actions: DestinationActions;
}) {
  const isAdmin = useCan("admin");
  return (
    <SettingsSection
      id="destinations"
      title="Destinations"
      description="Where Send Slack message and Send HTTP request steps post. Steps name a destination, so its URL is kept here once — a Slack webhook URL is a credential, and is never shown again after it is saved."
    >
      {destinations.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No destination yet.</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-100">
          {destinations.map((destination) => (
            <DestinationItem key={destination.id} destination={destination} actions={actions} />
          ))}
        </ul>
      )}
      {isAdmin ? <AddDestination create={actions.create} /> : null}
    </SettingsSection>
  );
}

function AddDestination({ create }: { create: DestinationActions["create"] }) {
  const id = useId();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<DestinationKind>("slack");
  const [url, setUrl] = useState("");
  const [failure, setFailure] = useState<{ error: string; issues?: AppErrorIssue[] } | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    startTransition(async () => {
      const result = await create({ name: name.trim(), kind, url: url.trim() });
      if (!result.ok) {
        setFailure({ error: result.error, issues: result.issues });
        return;
      }
      setFailure(null);
      setAdded(`Added “${name.trim()}”.`);
      setName("");
      setUrl("");
    });
  }

  const nameErrors = issueAt(failure?.issues, "name");
  const kindErrors = issueAt(failure?.issues, "kind");
  const urlErrors = issueAt(failure?.issues, "url");
  const unplaced = failure && nameErrors.length + kindErrors.length + urlErrors.length === 0 ? failure.error : null;
  return (
    <form onSubmit={submit} className="mt-6 border-t border-slate-100 pt-4" aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Add a destination
      </h3>
      <div className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-900">
            Name
          </label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="billing-alerts"
            autoComplete="off"
            maxLength={64}
            aria-invalid={nameErrors.length > 0 || undefined}
            aria-describedby={nameErrors.length > 0 ? `${id}-name-error` : undefined}
            className={inputClasses(nameErrors.length > 0)}
          />
          <FieldError id={`${id}-name-error`} messages={nameErrors} />
        </div>
        <div>
          <label htmlFor={`${id}-kind`} className="block text-sm font-medium text-slate-900">
            Kind
          </label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setKind(event.target.value as DestinationKind)}
            aria-invalid={kindErrors.length > 0 || undefined}
            className={selectClasses(kindErrors.length > 0)}
          >
            {DESTINATION_KINDS.map((option) => (
              <option key={option} value={option}>
                {DESTINATION_KIND_LABELS[option]}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-kind-error`} messages={kindErrors} />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-url`} className="block text-sm font-medium text-slate-900">
            URL
          </label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder={URL_PLACEHOLDER[kind]}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={urlErrors.length > 0 || undefined}
            aria-describedby={urlErrors.length > 0 ? `${id}-url-error` : `${id}-url-hint`}
            className={inputClasses(urlErrors.length > 0)}
          />
          <p id={`${id}-url-hint`} className="mt-1 text-xs text-slate-600">
            {kind === "slack"
              ? "In Slack: your app → Incoming Webhooks → Add New Webhook to Workspace, then copy its URL."
              : "Events are signed with this URL's own secret, listed under Webhook signing secrets once added."}
          </p>
          <FieldError id={`${id}-url-error`} messages={urlErrors} />
        </div>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <Button type="submit" pending={pending} pendingLabel="Adding…">
          Add destination
        </Button>
        {added ? (
          <p role="status" className="text-sm text-green-800">
            {added}
          </p>
        ) : null}
      </div>
      {unplaced ? <ErrorMessage>{unplaced}</ErrorMessage> : null}
    </form>
  );
}

function DestinationItem({ destination, actions }: { destination: DestinationRow; actions: DestinationActions }) {
  const labelId = useId();
  const [outcome, setOutcome] = useState<DestinationTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [newUrl, setNewUrl] = useState("");
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [pending, startTransition] = useTransition();
  const canTest = useCan("operator");
  const isAdmin = useCan("admin");

  function sendTest() {
    setError(null);
    setOutcome(null);
    startTransition(async () => {
      const result = await actions.test(destination.id);
      if (result.ok) setOutcome(result.data);
      else setError(result.error);
    });
  }

  function saveUrl(event: FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await actions.replaceUrl(destination.id, { url: newUrl.trim() });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setReplacing(false);
      setNewUrl("");
    });
  }

  function remove() {
    setError(null);
    startTransition(async () => {
      const result = await actions.remove(destination.id);
      setConfirmingDelete(false);
      if (!result.ok) setError(result.error);
    });
  }

  return (
    <li aria-labelledby={labelId} className="py-4">
      <p id={labelId} className="text-sm font-semibold text-slate-900">
        {destination.name}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {DESTINATION_KIND_LABELS[destination.kind]} ·{" "}
        <span className="font-mono break-all">{destination.shownUrl}</span>
        {" · "}
        {destination.usedBy.length > 0 ? `used by ${destination.usedBy.join(", ")}` : "not used by any automation"}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        {canTest ? (
          <Button variant="secondary" onClick={sendTest} pending={pending && !replacing} pendingLabel="Sending…">
            Send test
          </Button>
        ) : null}
        {isAdmin ? (
          <>
            <Button variant="secondary" onClick={() => setReplacing((open) => !open)} disabled={pending}>
              Replace URL
            </Button>
            <Button variant="ghost" onClick={() => setConfirmingDelete(true)} disabled={pending}>
              Delete
            </Button>
          </>
        ) : null}
      </div>
      {replacing ? (
        <form onSubmit={saveUrl} className="mt-3 flex flex-wrap items-end gap-2" noValidate>
          <div className="min-w-0 flex-1">
            <label htmlFor={`${labelId}-url`} className="block text-sm font-medium text-slate-900">
              New URL for {destination.name}
            </label>
            <input
              id={`${labelId}-url`}
              type="url"
              inputMode="url"
              value={newUrl}
              onChange={(event) => setNewUrl(event.target.value)}
              placeholder={URL_PLACEHOLDER[destination.kind]}
              autoComplete="off"
              spellCheck={false}
              className={inputClasses(false)}
            />
          </div>
          <Button type="submit" pending={pending} pendingLabel="Saving…">
            Save URL
          </Button>
          <Button type="button" variant="ghost" onClick={() => setReplacing(false)} disabled={pending}>
            Cancel
          </Button>
        </form>
      ) : null}
      {outcome ? (
        <p role="status" className={`mt-2 text-sm ${outcome.ok ? "text-green-800" : "text-red-700"}`}>
          {outcome.message}
        </p>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <Dialog
        open={confirmingDelete}
        onClose={() => setConfirmingDelete(false)}
        title={`Delete destination “${destination.name}”?`}
        description={
          <p>
            Steps that name it can no longer send. A destination that an active automation uses cannot be deleted:
            change those steps or pause those automations first.
          </p>
        }
      >
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirmingDelete(false)} disabled={pending} autoFocus>
            Keep it
          </Button>
          <Button variant="danger" onClick={remove} pending={pending} pendingLabel="Deleting…">
            Delete destination
          </Button>
        </div>
      </Dialog>
    </li>
  );
}
