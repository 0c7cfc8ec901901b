// PATCH /api/users/:id { role?, name?, status?: "active" | "deactivated" }; DELETE deactivates (the row stays for the log)
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { deactivateUser, updateUser } from "@/lib/users/users";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const PATCH = withAdminApi<{ id: string }>(
  "PATCH /api/users/:id",
  "admin",
  async ({ request, engine, actor, params }) => updateUser(engine, actor, params.id, await readJsonBody(request)),
);

export const DELETE = withAdminApi<{ id: string }>("DELETE /api/users/:id", "admin", ({ engine, actor, params }) =>
  deactivateUser(engine, actor, params.id),
);

export const { GET, POST, PUT } = refuseOtherMethods("PATCH", "DELETE");
