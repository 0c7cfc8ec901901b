// POST /api/simulations — replay stored events against a set of automations (drafts, a new order, or the live set); changes nothing
import { readJsonBody } from "@/lib/http/respond";
import { withAdminApi } from "@/lib/http/with-admin-api";
import { runBacktest } from "@/lib/simulations/backtest";

export const POST = withAdminApi("POST /api/simulations", "viewer", async ({ request, engine }) =>
  runBacktest(engine, await readJsonBody(request)),
);
