"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { inputClasses, selectClasses } from "@/components/automations/form-controls";
import { SettingsSection } from "@/components/settings/section";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CELL, MOBILE_LABEL, ResponsiveTable } from "@/components/ui/list-page";
import { ErrorMessage } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { TextLink } from "@/components/ui/text-link";
import { ROLES, type Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/users/users";
import { FieldError, issueAt, unplacedError, type Failure } from "./field-error";
import type { TeamActions } from "./team-actions";
import { toast } from "@/components/ui/toaster";

const ROLE_HINT: Record<Role, string> = {
  viewer: "reads everything",
  operator: "also pauses, resumes, cancels runs, sends test events",
  editor: "also edits automations",
  admin: "also settings, the team and API tokens",
};

/** The people who can log in: their roles (changed at once), their state, and the invitation form. */
export function UsersSection({
  users,
  currentUserId,
  now,
  outbox,
  actions,
}: {
  users: UserView[];
  currentUserId: string;
  /** The server's clock, so an invitation reads as expired the same for everyone. */
  now: string;
  /** SMTP_URL=outbox: an invitation is kept on the Outbox page, not sent. */
  outbox: boolean;
  actions: Pick<TeamActions, "invite" | "update">;
}) {
  return (
    <SettingsSection
      id="users"
      title="Users"
      description="Each person logs in with their own email and password (or single sign-on). A role allows what the one before it does, and more."
    >
      <div className="mt-4">
        <ResponsiveTable
          caption="Users"
          columns={["Email", "Name", "Role", "Status", "Single sign-on", "Last login", "Access"]}
        >
          {users.map((user) => (
            <UserRow key={user.id} user={user} isYou={user.id === currentUserId} now={now} update={actions.update} />
          ))}
        </ResponsiveTable>
      </div>
      <InviteForm invite={actions.invite} outbox={outbox} />
    </SettingsSection>
  );
}

function StatusCell({ user, now }: { user: UserView; now: string }) {
  if (user.status === "active") return <Badge tone="green">active</Badge>;
  if (user.status === "deactivated") return <Badge>deactivated</Badge>;
  const expired = user.inviteExpiresAt !== null && user.inviteExpiresAt <= now;
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Badge tone={expired ? "red" : "yellow"}>{expired ? "invitation expired" : "invited"}</Badge>
      {user.inviteExpiresAt ? (
        <span className="text-xs text-slate-600">
          {expired ? "Expired " : "Expires "}
          <RelativeTime value={user.inviteExpiresAt} />
          {expired ? <span className="block">Invite them again for a new link.</span> : null}
        </span>
      ) : null}
    </span>
  );
}

function UserRow({
  user,
  isYou,
  now,
  update,
}: {
  user: UserView;
  isYou: boolean;
  now: string;
  update: TeamActions["update"];
}) {
  const id = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function changeRole(next: Role) {
    const before = role;
    setRole(next);
    setError(null);
    startTransition(async () => {
      const result = await update(user.id, { role: next });
      if (!result.ok) {
        setRole(before);
        setError(result.error);
        return;
      }
      toast.success(`${user.email} is now ${result.data.role}.`);
    });
  }

  function setStatus(status: "active" | "deactivated") {
    setError(null);
    startTransition(async () => {
      const result = await update(user.id, { status });
      if (!result.ok) setError(result.error);
      else toast.success(`${user.email} is ${status === "active" ? "active again" : "deactivated"}.`);
    });
  }

  const emailId = `${id}-email`;
  return (
    <tr className="block py-2 sm:table-row sm:py-0">
      <td className={`${CELL} font-medium break-all text-slate-900`}>
        <span id={emailId}>{user.email}</span>
        {isYou ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
        {user.bootstrap ? (
          <span className="block text-xs font-normal text-slate-500">bootstrap admin (ADMIN_PASSWORD)</span>
        ) : null}
      </td>
      <td className={`${CELL} text-slate-700`}>
        <span className={MOBILE_LABEL}>Name</span>
        {user.name ?? <span className="text-slate-400">—</span>}
      </td>
      <td className={CELL}>
        <select
          aria-label={`Role of ${user.email}`}
          value={role}
          onChange={(event) => changeRole(event.target.value as Role)}
          disabled={pending}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={selectClasses(Boolean(error), "", "w-32")}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </td>
      <td className={CELL}>
        <span className={MOBILE_LABEL}>Status</span>
        <StatusCell user={user} now={now} />
      </td>
      <td className={`${CELL} text-slate-700`}>
        <span className={MOBILE_LABEL}>Single sign-on</span>
        {user.singleSignOn ? "yes" : "no"}
      </td>
      <td className={`${CELL} text-slate-700`}>
        <span className={MOBILE_LABEL}>Last login</span>
        {user.lastLoginAt ? <RelativeTime value={user.lastLoginAt} /> : "never"}
      </td>
      <td className={CELL}>
        {isYou ? (
          <span className="text-xs text-slate-500">Another admin can deactivate you</span>
        ) : user.status === "deactivated" ? (
          <Button
            variant="secondary"
            onClick={() => setStatus("active")}
            pending={pending}
            pendingLabel="Saving…"
            aria-describedby={emailId}
          >
            Reactivate
          </Button>
        ) : (
          <Button
            variant="secondary"
            onClick={() => setStatus("deactivated")}
            pending={pending}
            pendingLabel="Saving…"
            aria-describedby={emailId}
          >
            Deactivate
          </Button>
        )}
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 max-w-64 text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

const INVITE_FIELDS = ["email", "name", "role"] as const;

function InviteForm({ invite, outbox }: { invite: TeamActions["invite"]; outbox: boolean }) {
  const id = useId();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    startTransition(async () => {
      const result = await invite({ email: email.trim(), name: name.trim() || undefined, role });
      if (!result.ok) {
        setFailure({ error: result.error, issues: result.issues });
        return;
      }
      setFailure(null);
      setSent(
        outbox
          ? `Invitation to ${result.data.email} kept in the outbox (SMTP_URL=outbox): open it there for the link.`
          : `Invitation sent to ${result.data.email}.`,
      );
      setEmail("");
      setName("");
    });
  }

  const errors = Object.fromEntries(INVITE_FIELDS.map((field) => [field, issueAt(failure, field)])) as Record<
    (typeof INVITE_FIELDS)[number],
    string[]
  >;
  const unplaced = unplacedError(failure, INVITE_FIELDS);
  const field = (path: (typeof INVITE_FIELDS)[number]) => ({
    id: `${id}-${path}`,
    "aria-invalid": errors[path].length > 0 || undefined,
    "aria-describedby": errors[path].length > 0 ? `${id}-${path}-error` : undefined,
  });

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="mt-6 border-t border-slate-100 pt-4" noValidate>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Invite a person
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        They get an email with a link to choose a password; the link works for 7 days. Inviting someone again sends a
        new link.
      </p>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor={`${id}-email`} className="block text-sm font-medium text-slate-900">
            Email
          </label>
          <input
            {...field("email")}
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="off"
            placeholder="alex@example.com"
            className={inputClasses(errors.email.length > 0, "mt-1")}
          />
          <FieldError id={`${id}-email-error`} messages={errors.email} />
        </div>
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-900">
            Name <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            {...field("name")}
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            className={inputClasses(errors.name.length > 0, "mt-1")}
          />
          <FieldError id={`${id}-name-error`} messages={errors.name} />
        </div>
        <div>
          <label htmlFor={`${id}-role`} className="block text-sm font-medium text-slate-900">
            Role
          </label>
          <select
            {...field("role")}
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            className={selectClasses(errors.role.length > 0, "mt-1")}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {option} — {ROLE_HINT[option]}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-role-error`} messages={errors.role} />
        </div>
      </div>
      <div className="mt-3 flex items-center gap-3">
        <Button type="submit" pending={pending} pendingLabel="Sending…">
          Invite
        </Button>
        {sent ? (
          <p role="status" className="text-sm text-green-800">
            {sent}
            {outbox ? (
              <>
                {" "}
                <TextLink href="/outbox">Open the outbox</TextLink>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      {unplaced ? (
        <div className="mt-3">
          <ErrorMessage>{unplaced}</ErrorMessage>
        </div>
      ) : null}
    </form>
  );
}
