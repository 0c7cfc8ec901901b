"use client";

import { Button } from "@/components/ui/button";
import { outcomesCsv, outcomesCsvFileName } from "@/lib/outcomes/outcomes-csv";
import type { OutcomesReport } from "@/lib/outcomes/query-outcomes";

/**
 * The report on the page as the CSV GET /api/outcomes/export serves, made in the browser: the API
 * takes an API token only (never the session cookie, so another site cannot use the admin's browser
 * to read it), and the page already holds the report the file is made of.
 */
export function DownloadCsvButton({ report }: { report: OutcomesReport }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([outcomesCsv(report)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = outcomesCsvFileName(report);
    document.body.append(link);
    link.click();
    link.remove();
    // After the click has handed the file to the browser's download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <Button type="button" variant="secondary" onClick={download}>
      Download CSV
    </Button>
  );
}
