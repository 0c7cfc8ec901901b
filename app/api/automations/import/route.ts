// POST /api/automations/import — a file's automations, all or nothing: each whose trigger and name
// an existing automation has replaces it as a new version (or, with "existing": "add", is added
// beside it); the rest are added last on their trigger. ?preview=true says what it would do and
// writes nothing.
import { importAutomations, previewImport } from "@/lib/automations/transfer-automations";
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi("POST /api/automations/import", "editor", async ({ request, engine, actor }) => {
  const body = await readJsonBody(request);
  if (new URL(request.url).searchParams.get("preview") === "true") return { plan: await previewImport(engine, body) };
  return Response.json(await importAutomations(engine, actor, body), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
