// GET /api/users — the team; POST /api/users { email, name?, role } — invite (a one-time link by email)
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { inviteUser, listUsers } from "@/lib/users/users";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/users", "admin", async ({ engine }) => ({
  users: await listUsers(engine.db),
}));

export const POST = withAdminApi("POST /api/users", "admin", async ({ request, engine, actor }) =>
  Response.json(
    await inviteUser(engine, actor, await readJsonBody(request), { baseUrl: new URL(request.url).origin }),
    {
      status: 201,
    },
  ),
);

export const { PUT, PATCH, DELETE } = refuseOtherMethods("GET", "POST");
