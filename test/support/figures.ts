// Figures a reliability test measured: printed with the test's output and kept as JSON under
// test-results/reliability/, from which `npm run reliability:report` writes RELIABILITY.md.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const FIGURES_DIR = path.join(process.cwd(), "test-results", "reliability");

/** The promise sections of RELIABILITY.md, in the order they are shown. */
export const FIGURE_SECTIONS = [
  "deliveries",
  "crashes",
  "concurrency",
  "stripe-faults",
  "bad-input",
  "access",
  "loops",
] as const;
export type FigureSection = (typeof FIGURE_SECTIONS)[number];

export interface FigureRecord {
  section: FigureSection;
  /** What was measured, in a few words ("4 workers on PostgreSQL"). */
  title: string;
  /** Where it ran: "PostgreSQL", "SQLite", "Chromium"… */
  database?: string;
  figures: Record<string, number | string>;
  at: string;
}

/** Prints the figures and keeps them for the report; `name` must be unique within the section. */
export function recordFigures(
  section: FigureSection,
  name: string,
  record: Omit<FigureRecord, "section" | "at">,
): void {
  const full: FigureRecord = { section, ...record, at: new Date().toISOString() };
  const lines = Object.entries(record.figures).map(([label, value]) => `  ${label}: ${value}`);
  console.log(
    `[reliability] ${section} — ${record.title}${record.database ? ` (${record.database})` : ""}\n${lines.join("\n")}`,
  );
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = `${section}--${name.replace(/[^a-z0-9-]+/gi, "-").toLowerCase()}.json`;
  writeFileSync(path.join(FIGURES_DIR, file), `${JSON.stringify(full, null, 2)}\n`);
}
