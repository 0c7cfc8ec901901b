// POST /api/automations/:id/runs — { objectId, preview? }: start the automation now for that object (preview: the timeline only)
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { runFor } from "@/lib/simulations/run-for";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi<{ id: string }>(
  "POST /api/automations/:id/runs",
  "operator",
  async ({ request, engine, params, actor }) => {
    const answer = await runFor(engine, actor, params.id, await readJsonBody(request));
    return answer.preview ? answer : Response.json(answer, { status: 201 });
  },
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
