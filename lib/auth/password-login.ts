import { recordAudit } from "@/lib/audit/record-audit";
import type { Engine } from "@/lib/engine/engine";
import { hashPassword, verifyPassword } from "@/lib/users/passwords";
import { BOOTSTRAP_ADMIN_EMAIL, ensureBootstrapAdmin } from "@/lib/users/users";
import { secretsMatch } from "./secret-token";

export type PasswordLogin = { ok: true; userId: string } | { ok: false; error: string };

const WRONG = "That email and password do not match.";
const WRONG_BOOTSTRAP = "That password is not right.";

/**
 * Checks an email and password. The bootstrap admin ("admin", or no email) logs in with ADMIN_PASSWORD; everyone
 * else with the password they chose. Each attempt, good or bad, goes to the audit log, with the
 * address it came from; the answer to a wrong one never says which half was wrong.
 */
export async function loginWithPassword(
  engine: Pick<Engine, "db" | "config" | "now" | "log">,
  input: { email: string; password: string; address: string },
): Promise<PasswordLogin> {
  // No email is the bootstrap admin: the login form of an install from before users still works.
  const email = input.email.trim().toLowerCase() || BOOTSTRAP_ADMIN_EMAIL;
  const now = engine.now();
  let userId: string | null = null;
  let failure: string | null = null;
  if (email === BOOTSTRAP_ADMIN_EMAIL) {
    const expected = engine.config.adminPassword;
    if (!expected) failure = "ADMIN_PASSWORD is not set";
    else if (!secretsMatch(input.password, expected)) failure = "wrong password";
    else {
      const admin = await ensureBootstrapAdmin(engine.db);
      userId = admin.id;
      if (admin.status !== "active") failure = "the bootstrap admin is deactivated";
    }
  } else {
    const user = email ? await engine.db.user.findUnique({ where: { email } }) : null;
    userId = user?.id ?? null;
    // Hashing anyway keeps an unknown email as slow to refuse as a wrong password.
    if (!user) failure = (await hashPassword(input.password)) && "no such user";
    else if (user.status !== "active") failure = `the user is ${user.status}`;
    else if (!user.passwordHash) failure = "the user signs in with single sign-on";
    else if (!(await verifyPassword(user.passwordHash, input.password))) failure = "wrong password";
  }
  const actor = userId
    ? { kind: "user" as const, userId, email, role: "viewer" as const, origin: "ui" as const }
    : { kind: "system" as const, label: "login form", origin: "ui" as const };
  await recordAudit(
    engine.db,
    actor,
    {
      action: failure ? "login.failed" : "login.succeeded",
      entity: "session",
      entityId: userId,
      summary: failure
        ? `Failed login as ${email.slice(0, 254)} from ${input.address}: ${failure}`
        : `${email} logged in with a password from ${input.address}`,
    },
    now,
  );
  if (failure || !userId) {
    engine.log.warn({ email, userId, address: input.address, reason: failure }, `login failed as ${email}: ${failure}`);
    if (failure === "ADMIN_PASSWORD is not set") {
      return { ok: false, error: "The bootstrap admin is disabled: ADMIN_PASSWORD is not set on the server." };
    }
    return { ok: false, error: email === BOOTSTRAP_ADMIN_EMAIL ? WRONG_BOOTSTRAP : WRONG };
  }
  return { ok: true, userId };
}
