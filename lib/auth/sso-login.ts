import { recordAudit } from "@/lib/audit/record-audit";
import type { Engine } from "@/lib/engine/engine";
import type { SsoConfig } from "@/lib/sso/config";
import type { SsoIdentity } from "@/lib/sso/oidc-client";
import { roleForIdentity } from "@/lib/sso/role-for-identity";
import { toUserView } from "@/lib/users/users";
import type { Actor } from "./actor";
import { isRole } from "./roles";

export type SsoLogin = { ok: true; userId: string } | { ok: false; error: string };

/**
 * Lets in a person the identity provider vouches for. The first sign-in makes their user (with the
 * role their groups map to, else the default role); later ones follow the provider: a mapped group
 * sets the role each time, so a change of groups there is a change of role here at the next login.
 * A user without a mapped group keeps the role an admin gave them. A deactivated user stays out.
 */
export async function loginWithSso(
  engine: Pick<Engine, "db" | "now" | "log">,
  config: SsoConfig,
  identity: SsoIdentity,
  address: string,
): Promise<SsoLogin> {
  const now = engine.now();
  const email = identity.email.trim().toLowerCase();
  const refuse = async (reason: string, userId: string | null = null): Promise<SsoLogin> => {
    engine.log.warn(
      { email, userId, subject: identity.subject, address },
      `single sign-on refused for ${email}: ${reason}`,
    );
    const actor: Actor = userId
      ? { kind: "user", userId, email, role: "viewer", origin: "ui" }
      : { kind: "system", label: "single sign-on", origin: "ui" };
    await recordAudit(
      engine.db,
      actor,
      {
        action: "login.failed",
        entity: "session",
        entityId: userId,
        summary: `Failed single sign-on as ${email} from ${address}: ${reason}`,
      },
      now,
    );
    return { ok: false, error: `Single sign-on refused: ${reason}.` };
  };

  const decision = roleForIdentity(identity, config);
  if (!decision.ok) return refuse(decision.reason);
  const mapped = identity.groups.some((group) => Object.hasOwn(config.groupRoles, group));
  const existing =
    (await engine.db.user.findUnique({ where: { ssoSubject: identity.subject } })) ??
    (await engine.db.user.findUnique({ where: { email } }));
  if (existing?.status === "deactivated") return refuse("this user is deactivated", existing.id);
  if (existing && existing.ssoSubject && existing.ssoSubject !== identity.subject) {
    return refuse("this email belongs to another single sign-on identity", existing.id);
  }

  return engine.db.$transaction(async (tx) => {
    const role = existing && !mapped && isRole(existing.role) ? existing.role : decision.role;
    const row = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: {
            role,
            ssoSubject: identity.subject,
            status: "active",
            inviteTokenHash: null,
            inviteExpiresAt: null,
            name: existing.name ?? identity.name,
          },
        })
      : await tx.user.create({
          data: { email, name: identity.name, role, ssoSubject: identity.subject, status: "active" },
        });
    const actor: Actor = { kind: "user", userId: row.id, email: row.email, role, origin: "ui" };
    if (!existing || existing.role !== row.role || existing.status !== row.status) {
      await recordAudit(
        tx,
        actor,
        {
          action: existing ? "user.updated" : "user.created",
          entity: "user",
          entityId: row.id,
          before: existing ? toUserView(existing) : undefined,
          after: toUserView(row),
          summary: existing
            ? `${email}: role ${existing.role} → ${row.role} from the identity provider's groups`
            : `${email} joined through single sign-on as ${role}`,
        },
        now,
      );
    }
    await recordAudit(
      tx,
      actor,
      {
        action: "login.succeeded",
        entity: "session",
        entityId: row.id,
        summary: `${email} logged in with single sign-on from ${address}`,
      },
      now,
    );
    return { ok: true as const, userId: row.id };
  });
}
