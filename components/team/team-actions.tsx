import type { ActionResult } from "@/lib/auth/admin-action";
import type { Role } from "@/lib/auth/roles";
import type { ApiTokenView } from "@/lib/tokens/api-tokens";
import type { UserView } from "@/lib/users/users";

// The server actions the team components call, handed in by the page (app/), so components never
// import from app/ themselves.

interface InviteInput {
  email: string;
  name?: string;
  role: Role;
}

interface UserChange {
  role?: Role;
  status?: "active" | "deactivated";
}

interface NewTokenInput {
  name: string;
  scopes: Array<"read" | "write">;
  userId?: string;
}

export interface TeamActions {
  invite: (input: InviteInput) => Promise<ActionResult<UserView>>;
  update: (id: string, input: UserChange) => Promise<ActionResult<UserView>>;
  createToken: (input: NewTokenInput) => Promise<ActionResult<ApiTokenView & { token: string }>>;
  revokeToken: (id: string) => Promise<ActionResult<ApiTokenView>>;
}
