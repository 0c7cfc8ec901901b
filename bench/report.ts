import os from "node:os";

/** One table of figures, printed as it is measured and written into BENCHMARKS.md. */
export interface BenchSection {
  title: string;
  /** What was measured, how, and the floor it stands beside. */
  description: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  notes?: string[];
}

export function formatTable(section: BenchSection): string {
  const header = `| ${section.columns.join(" | ")} |`;
  const rule = `| ${section.columns.map(() => "---").join(" | ")} |`;
  const body = section.rows.map((row) => `| ${row.join(" | ")} |`).join("\n");
  const notes = (section.notes ?? []).map((note) => `- ${note}`).join("\n");
  return [`## ${section.title}`, "", section.description, "", header, rule, body, notes ? `\n${notes}` : ""].join("\n");
}

export function printSection(section: BenchSection): void {
  console.log(`\n${formatTable(section)}\n`);
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : "n/a");
