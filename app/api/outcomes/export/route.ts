// GET /api/outcomes/export?from&to&trigger&automationId — the same report as CSV
import { searchParams, withAdminApi } from "@/lib/http/with-admin-api";
import { outcomesCsv, outcomesCsvFileName } from "@/lib/outcomes/outcomes-csv";
import { queryOutcomes } from "@/lib/outcomes/query-outcomes";
import { refuseOtherMethods } from "@/lib/http/api-fallbacks";

export const GET = withAdminApi("GET /api/outcomes/export", "viewer", async ({ request, engine }) => {
  const report = await queryOutcomes(engine.db, searchParams(request), engine.now());
  return new Response(outcomesCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${outcomesCsvFileName(report)}"`,
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods("GET");
