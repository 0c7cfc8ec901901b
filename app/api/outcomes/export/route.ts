// GET /api/outcomes/export?from&to&trigger&automationId — the same report as CSV
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { outcomesCsv } from "@/lib/outcomes/outcomes-csv";
import { queryOutcomes } from "@/lib/outcomes/query-outcomes";

export const GET = withAdminApi("GET /api/outcomes/export", "viewer", async ({ request, engine }) => {
  const report = await queryOutcomes(engine.db, searchParams(request), engine.now());
  const name = `outcomes-${report.from.slice(0, 10)}-to-${report.to.slice(0, 10)}.csv`;
  return new Response(outcomesCsv(report), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` },
  });
});
