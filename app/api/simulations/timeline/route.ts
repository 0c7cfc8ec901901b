// POST /api/simulations/timeline — one invoice's whole path through one automation over virtual time; changes nothing
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { simulateTimeline } from "@/lib/simulations/timeline";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi("POST /api/simulations/timeline", "viewer", async ({ request, engine }) =>
  simulateTimeline(engine, await readJsonBody(request)),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
