// POST /api/simulations — replay stored events against a set of automations (drafts, a new order, or the live set); changes nothing
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { runBacktest } from "@/lib/simulations/backtest";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const POST = withAdminApi("POST /api/simulations", "viewer", async ({ request, engine }) =>
  runBacktest(engine, await readJsonBody(request)),
);

export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods("POST");
