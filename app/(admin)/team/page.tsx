import type { Metadata } from "next";
import { ApiTokensSection } from "@/components/team/api-tokens-section";
import { UsersSection } from "@/components/team/users-section";
import { PageHeader } from "@/components/ui/page";
import { requireRole } from "@/lib/auth/current-user";
import { keepsMailInOutbox } from "@/lib/config";
import { getEngine } from "@/lib/engine/engine";
import { listApiTokens } from "@/lib/tokens/api-tokens";
import { listUsers } from "@/lib/users/users";
import { createTokenAction, inviteUserAction, revokeTokenAction, updateUserAction } from "./actions";

export const metadata: Metadata = { title: "Team · Billing Automations" };

// GET /team — users, their roles and API tokens; admins only.
export default async function TeamPage() {
  // The layout's check does not run again on in-app navigations, and it does not check the role.
  const user = await requireRole("admin");
  const engine = getEngine();
  const [users, tokens] = await Promise.all([listUsers(engine.db), listApiTokens(engine.db)]);
  const owners = users
    .filter((candidate) => candidate.status === "active")
    .map(({ id, email, role }) => ({ id, email, role }));
  return (
    <>
      <PageHeader title="Team" description="Who can log in, with which role, and the tokens scripts use." />
      <div className="space-y-6">
        <UsersSection
          users={users}
          currentUserId={user.userId}
          now={engine.now().toISOString()}
          outbox={keepsMailInOutbox(engine.config.smtpUrl)}
          actions={{ invite: inviteUserAction, update: updateUserAction }}
        />
        <ApiTokensSection
          tokens={tokens}
          owners={owners}
          currentUserId={user.userId}
          actions={{ createToken: createTokenAction, revokeToken: revokeTokenAction }}
        />
      </div>
    </>
  );
}
