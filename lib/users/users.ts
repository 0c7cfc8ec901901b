import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { ROLES, isRole, type Role } from "@/lib/auth/roles";
import { newSecretToken, tokenHash } from "@/lib/auth/secret-token";
import type { Engine } from "@/lib/engine/engine";
import { classifyEmailError, sendEmail } from "@/lib/email/send-email";
import { AppError, conflict, invalid, isUnfindableId, notFound, parseOrThrow } from "@/lib/errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords";
import { invitationEmail } from "./invitation-email";

/** How the bootstrap admin logs in: this name and ADMIN_PASSWORD. */
export const BOOTSTRAP_ADMIN_EMAIL = "admin";
const INVITATION_DAYS = 7;

type UserStatus = "active" | "invited" | "deactivated";

type UserRow = Awaited<ReturnType<Db["user"]["findUniqueOrThrow"]>>;

/** A user as pages and the API show one: never a hash or an invitation token. */
export function toUserView(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : ("viewer" as Role),
    status: row.status as UserStatus,
    bootstrap: row.email === BOOTSTRAP_ADMIN_EMAIL,
    singleSignOn: row.ssoSubject !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    inviteExpiresAt: row.status === "invited" ? (row.inviteExpiresAt?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
  };
}
export type UserView = ReturnType<typeof toUserView>;

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toUserView);
}

async function findUser(db: Db | Tx, id: string): Promise<UserRow> {
  const row = isUnfindableId(id) ? null : await db.user.findUnique({ where: { id } });
  if (!row) throw notFound("user", id);
  return row;
}

/** The bootstrap admin's row, made the first time ADMIN_PASSWORD is used (an install from before users). */
export async function ensureBootstrapAdmin(db: Db): Promise<UserRow> {
  // Read first: every request with ADMIN_API_TOKEN asks, and only the first should write.
  const found = await db.user.findUnique({ where: { email: BOOTSTRAP_ADMIN_EMAIL } });
  if (found) return found;
  return db.user.upsert({
    where: { email: BOOTSTRAP_ADMIN_EMAIL },
    update: {},
    create: { email: BOOTSTRAP_ADMIN_EMAIL, name: "Bootstrap admin", role: "admin", status: "active" },
  });
}

const email = z
  .string({ error: "email is required" })
  .trim()
  .toLowerCase()
  .max(254, "email is too long")
  .pipe(z.email({ error: "email must be an email address" }));
const role = z.enum(ROLES, { error: `role must be one of: ${ROLES.join(", ")}` });
const name = z.string().trim().max(200, "name is too long").optional();

const inviteSchema = z.object({ email, name, role }).strict();

/**
 * Invites a person: a one-time link (valid a week) sent over SMTP. Inviting someone already invited
 * sends a fresh link and the old one stops working. The mail goes first, so a failed send leaves
 * no invitation behind that nobody received.
 */
export async function inviteUser(
  engine: Pick<Engine, "db" | "config" | "now" | "log">,
  actor: Actor,
  body: unknown,
  links: { baseUrl: string },
): Promise<UserView> {
  const input = parseOrThrow(inviteSchema, body, "invalid invitation");
  if (!engine.config.smtpUrl) {
    throw new AppError("unavailable", "SMTP_URL is not set: an invitation is sent by email, so set SMTP_URL first.");
  }
  const existing = await engine.db.user.findUnique({ where: { email: input.email } });
  if (existing && existing.status !== "invited")
    throw conflict(`${input.email} is already a user (${existing.status})`);
  const token = newSecretToken();
  const now = engine.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const link = `${links.baseUrl.replace(/\/$/, "")}/invite/${token}`;
  const message = invitationEmail({ link, role: input.role, invitedBy: actor, expiresAt });
  try {
    await sendEmail(
      {
        to: input.email,
        ...message,
        messageId: `invite-${tokenHash(token).slice(0, 24)}@billing-automations`,
        purpose: "invitation",
      },
      { config: engine.config, db: engine.db },
    );
  } catch (error) {
    const { message: reason } = classifyEmailError(error);
    engine.log.warn({ email: input.email, reason }, `invitation to ${input.email} not sent: ${reason}`);
    throw new AppError("unavailable", `The invitation could not be sent, so nobody was invited: ${reason}`);
  }
  return engine.db.$transaction(async (tx) => {
    const data = {
      name: input.name ?? existing?.name ?? null,
      role: input.role,
      status: "invited",
      inviteTokenHash: tokenHash(token),
      inviteExpiresAt: expiresAt,
    };
    const row = existing
      ? await tx.user.update({ where: { id: existing.id }, data })
      : await tx.user.create({ data: { email: input.email, ...data } });
    const view = toUserView(row);
    await recordAudit(
      tx,
      actor,
      {
        action: existing ? "user.reinvited" : "user.invited",
        entity: "user",
        entityId: row.id,
        before: existing ? toUserView(existing) : undefined,
        after: view,
        summary: `${existing ? "Sent a new invitation to" : "Invited"} ${input.email} as ${input.role}`,
      },
      now,
    );
    return view;
  });
}

const acceptSchema = z
  .object({
    name,
    password: z
      .string({ error: "password is required" })
      .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(1000, "password is too long"),
  })
  .strict();

/** The invited person, by the link's token, if it is still good. */
export async function findInvitation(db: Db, token: string, now: Date): Promise<UserRow | null> {
  if (!token || token.length > 200) return null;
  const row = await db.user.findUnique({ where: { inviteTokenHash: tokenHash(token) } });
  if (!row || row.status !== "invited" || !row.inviteExpiresAt || row.inviteExpiresAt <= now) return null;
  return row;
}

/** Accepting an invitation: the person chooses a password and is active from now on. The link is spent. */
export async function acceptInvitation(
  engine: Pick<Engine, "db" | "now">,
  token: string,
  body: unknown,
): Promise<UserView> {
  const input = parseOrThrow(acceptSchema, body, "invalid password");
  const now = engine.now();
  const invited = await findInvitation(engine.db, token, now);
  if (!invited) throw invalid("This invitation link has expired or was already used. Ask an admin for a new one.");
  const passwordHash = await hashPassword(input.password);
  return engine.db.$transaction(async (tx) => {
    // Spent inside the transaction: two tabs accepting at once cannot both succeed.
    const spent = await tx.user.updateMany({
      where: { id: invited.id, inviteTokenHash: invited.inviteTokenHash },
      data: {
        status: "active",
        passwordHash,
        inviteTokenHash: null,
        inviteExpiresAt: null,
        name: input.name || invited.name,
      },
    });
    if (spent.count !== 1) throw invalid("This invitation link was already used.");
    const row = await tx.user.findUniqueOrThrow({ where: { id: invited.id } });
    const actor: Actor = { kind: "user", userId: row.id, email: row.email, role: row.role as Role, origin: "ui" };
    await recordAudit(
      tx,
      actor,
      { action: "user.joined", entity: "user", entityId: row.id, summary: `${row.email} accepted the invitation` },
      now,
    );
    return toUserView(row);
  });
}

const updateSchema = z
  .object({ name, role: role.optional(), status: z.enum(["active", "deactivated"]).optional() })
  .strict();

/**
 * Changes a user's role, name, or deactivates (and reactivates) them. Deactivating ends their
 * sessions at once and stops their tokens. The last active admin cannot be demoted or deactivated:
 * nobody could then manage the team.
 */
export async function updateUser(
  engine: Pick<Engine, "db" | "now">,
  actor: Actor,
  id: string,
  body: unknown,
): Promise<UserView> {
  const input = parseOrThrow(updateSchema, body, "invalid user");
  const now = engine.now();
  return engine.db.$transaction(async (tx) => {
    const before = await findUser(tx, id);
    if (input.status === "active" && before.status === "invited") {
      throw invalid("status: an invited person becomes active by accepting the invitation", [
        { path: "status", message: "an invited person becomes active by accepting the invitation" },
      ]);
    }
    const status = input.status ?? before.status;
    const nextRole = input.role ?? before.role;
    const losesAdmin =
      before.role === "admin" && before.status === "active" && (nextRole !== "admin" || status !== "active");
    if (losesAdmin) {
      const otherAdmins = await tx.user.count({ where: { role: "admin", status: "active", id: { not: id } } });
      if (otherAdmins === 0) {
        const path = input.role ? "role" : "status";
        throw invalid(`${path}: ${before.email} is the last active admin; make someone else an admin first`, [
          { path, message: "this is the last active admin; make someone else an admin first" },
        ]);
      }
    }
    const row = await tx.user.update({
      where: { id },
      data: { role: nextRole, status, ...(input.name !== undefined ? { name: input.name || null } : {}) },
    });
    if (status === "deactivated") await tx.session.deleteMany({ where: { userId: id } });
    const changes = [
      input.role && input.role !== before.role ? `role ${before.role} → ${input.role}` : "",
      status !== before.status ? (status === "deactivated" ? "deactivated" : "reactivated") : "",
      input.name !== undefined && (input.name || null) !== before.name ? "name changed" : "",
    ].filter(Boolean);
    await recordAudit(
      tx,
      actor,
      {
        action: status === "deactivated" && before.status !== "deactivated" ? "user.deactivated" : "user.updated",
        entity: "user",
        entityId: id,
        before: toUserView(before),
        after: toUserView(row),
        summary: `${before.email}: ${changes.join(", ") || "no change"}`,
      },
      now,
    );
    return toUserView(row);
  });
}

/** DELETE /api/users/:id deactivates: the row stays, as the audit log and versions name it. */
export function deactivateUser(engine: Pick<Engine, "db" | "now">, actor: Actor, id: string): Promise<UserView> {
  return updateUser(engine, actor, id, { status: "deactivated" });
}
