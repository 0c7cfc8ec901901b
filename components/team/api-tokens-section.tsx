"use client";

import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { inputClasses, selectClasses } from "@/components/automations/form-controls";
import { SettingsSection } from "@/components/settings/section";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { ErrorMessage } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApiTokenView } from "@/lib/tokens/api-tokens";
import { FieldError, issueAt, unplacedError, type Failure } from "./field-error";
import type { TeamActions } from "./team-actions";

/** Who a new token may act for: the active users. */
export interface TokenOwnerChoice {
  id: string;
  email: string;
  role: string;
}

/**
 * Tokens for the JSON API. Each acts for its owner with the owner's role, or only reads when it
 * lacks the write scope; its value is shown once, when it is made.
 */
export function ApiTokensSection({
  tokens,
  owners,
  currentUserId,
  actions,
}: {
  tokens: ApiTokenView[];
  owners: TokenOwnerChoice[];
  currentUserId: string;
  actions: Pick<TeamActions, "createToken" | "revokeToken">;
}) {
  return (
    <SettingsSection
      id="api-tokens"
      title="API tokens"
      description={
        <>
          For scripts and CI: send one as <code>Authorization: Bearer bat_…</code> to the JSON API. A token acts as its
          owner; without the write scope it can only read.
        </>
      }
    >
      {tokens.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No API token yet.</p>
      ) : (
        <div className="mt-4">
          <ResponsiveTable
            caption="API tokens, newest first"
            columns={["Name", "Prefix", "Owner", "Scopes", "Last used", "Revoked", "Revoke"]}
          >
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} revoke={actions.revokeToken} />
            ))}
          </ResponsiveTable>
        </div>
      )}
      <NewTokenForm owners={owners} currentUserId={currentUserId} create={actions.createToken} />
    </SettingsSection>
  );
}

function TokenRow({ token, revoke }: { token: ApiTokenView; revoke: TeamActions["revokeToken"] }) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await revoke(token.id);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setAsking(false);
    });
  }

  return (
    <tr className="block py-2 sm:table-row sm:py-0">
      <td className={`${CELL} font-medium break-all text-slate-900`}>
        <span id={`${id}-name`}>{token.name}</span>
      </td>
      <td className={CELL}>
        <span className={MOBILE_LABEL}>Prefix</span>
        <code className="text-xs">{token.prefix}…</code>
      </td>
      <td className={`${CELL} break-all text-slate-700`}>
        <span className={MOBILE_LABEL}>Owner</span>
        {token.userEmail}
      </td>
      <td className={CELL}>
        <span className={MOBILE_LABEL}>Scopes</span>
        <span className="inline-flex gap-1">
          {token.scopes.map((scope) => (
            <Badge key={scope} tone={scope === "write" ? "indigo" : "gray"}>
              {scope}
            </Badge>
          ))}
        </span>
      </td>
      <td className={`${CELL} text-slate-700`}>
        <span className={MOBILE_LABEL}>Last used</span>
        {token.lastUsedAt ? <RelativeTime value={token.lastUsedAt} /> : "never"}
      </td>
      <td className={`${CELL} text-slate-700`}>
        <span className={MOBILE_LABEL}>Revoked</span>
        {token.revokedAt ? <RelativeTime value={token.revokedAt} /> : "no"}
      </td>
      <td className={CELL}>
        {token.revokedAt ? (
          <Badge>revoked</Badge>
        ) : (
          <Button variant="secondary" onClick={() => setAsking(true)} aria-describedby={`${id}-name`}>
            Revoke
          </Button>
        )}
        <Dialog
          open={asking}
          onClose={() => setAsking(false)}
          title={`Revoke token “${token.name}”?`}
          description={
            <p>
              Requests with it are refused (401) from now on. A revoked token cannot be used again: make a new one
              instead.
            </p>
          }
        >
          {error ? (
            <p role="alert" className="mb-3 text-sm text-red-700">
              {error}
            </p>
          ) : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setAsking(false)} disabled={pending} autoFocus>
              Keep it
            </Button>
            <Button variant="danger" onClick={confirm} pending={pending} pendingLabel="Revoking…">
              Revoke token
            </Button>
          </div>
        </Dialog>
      </td>
    </tr>
  );
}

const TOKEN_FIELDS = ["name", "scopes", "userId"] as const;

function NewTokenForm({
  owners,
  currentUserId,
  create,
}: {
  owners: TokenOwnerChoice[];
  currentUserId: string;
  create: TeamActions["createToken"];
}) {
  const id = useId();
  const [name, setName] = useState("");
  const [canWrite, setCanWrite] = useState(false);
  const [owner, setOwner] = useState(currentUserId);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    startTransition(async () => {
      const result = await create({
        name: name.trim(),
        scopes: canWrite ? ["read", "write"] : ["read"],
        userId: owner,
      });
      if (!result.ok) {
        setFailure({ error: result.error, issues: result.issues });
        return;
      }
      setFailure(null);
      setCreated({ name: result.data.name, token: result.data.token });
      setName("");
      setCanWrite(false);
    });
  }

  const nameErrors = issueAt(failure, "name");
  const scopeErrors = issueAt(failure, "scopes");
  const ownerErrors = issueAt(failure, "userId");
  const unplaced = unplacedError(failure, TOKEN_FIELDS);
  return (
    <div className="mt-6 border-t border-slate-100 pt-4">
      <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
          New token
        </h3>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-900">
              Token name
            </label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="ci-deploy"
              autoComplete="off"
              maxLength={100}
              aria-invalid={nameErrors.length > 0 || undefined}
              aria-describedby={nameErrors.length > 0 ? `${id}-name-error` : undefined}
              className={inputClasses(nameErrors.length > 0, "mt-1")}
            />
            <FieldError id={`${id}-name-error`} messages={nameErrors} />
          </div>
          <div>
            <label htmlFor={`${id}-owner`} className="block text-sm font-medium text-slate-900">
              Owner
            </label>
            <select
              id={`${id}-owner`}
              value={owner}
              onChange={(event) => setOwner(event.target.value)}
              aria-invalid={ownerErrors.length > 0 || undefined}
              aria-describedby={ownerErrors.length > 0 ? `${id}-owner-error` : `${id}-owner-hint`}
              className={selectClasses(ownerErrors.length > 0, "mt-1")}
            >
              {owners.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.email} ({choice.role})
                </option>
              ))}
            </select>
            <p id={`${id}-owner-hint`} className="mt-1 text-xs text-slate-600">
              The token acts as this person, with their role; it stops working if they are deactivated.
            </p>
            <FieldError id={`${id}-owner-error`} messages={ownerErrors} />
          </div>
          <div className="sm:col-span-2">
            <div className="flex items-center gap-2">
              <input
                id={`${id}-write`}
                type="checkbox"
                checked={canWrite}
                onChange={(event) => setCanWrite(event.target.checked)}
                aria-describedby={`${id}-write-hint`}
                className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
              />
              <label htmlFor={`${id}-write`} className="text-sm font-medium text-slate-900">
                Can write
              </label>
            </div>
            <p id={`${id}-write-hint`} className="mt-1 text-xs text-slate-600">
              Without it the token only reads, whatever its owner&apos;s role.
            </p>
            <FieldError id={`${id}-scopes-error`} messages={scopeErrors} />
          </div>
        </div>
        <div className="mt-3">
          <Button type="submit" pending={pending} pendingLabel="Creating…">
            Create token
          </Button>
        </div>
        {unplaced ? (
          <div className="mt-3">
            <ErrorMessage>{unplaced}</ErrorMessage>
          </div>
        ) : null}
      </form>
      {created ? <NewTokenValue {...created} onDone={() => setCreated(null)} /> : null}
    </div>
  );
}

/** The new token's value, the only time it is shown. */
function NewTokenValue({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("Copied.");
    } catch {
      // Without clipboard access (plain http, a refused permission) the text is selected instead.
      field.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }

  return (
    <div
      role="region"
      aria-labelledby={`${id}-title`}
      className="mt-4 rounded-md bg-green-50 p-4 ring-1 ring-green-200"
    >
      <h4 id={`${id}-title`} className="text-sm font-semibold text-green-900">
        Token “{name}” created
      </h4>
      <p className="mt-1 text-sm text-green-900">Copy it now: it is not shown again.</p>
      <label htmlFor={`${id}-value`} className="mt-3 block text-sm font-medium text-slate-900">
        Token value
      </label>
      <div className="mt-1 flex gap-2">
        <input
          ref={field}
          id={`${id}-value`}
          readOnly
          value={token}
          onFocus={(event) => event.target.select()}
          spellCheck={false}
          className={inputClasses(false, "font-mono")}
        />
        <Button variant="secondary" onClick={() => void copy()}>
          Copy
        </Button>
      </div>
      <div className="mt-2 flex items-center gap-3">
        <p role="status" className="text-sm text-green-900">
          {copied}
        </p>
        <Button variant="ghost" className="ml-auto" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
