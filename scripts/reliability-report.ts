// npm run reliability:report — writes RELIABILITY.md from the figures the last run of the fault
// and abuse suite left in test-results/reliability/ (run `npm test` first, or the two suites alone:
// `npm run test:reliability && npm run test:e2e`).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as prettier from "prettier";
import { FIGURE_SECTIONS, FIGURES_DIR, type FigureRecord, type FigureSection } from "../test/support/figures";

const SECTIONS: Record<FigureSection, { heading: string; promise: string; where: string }> = {
  deliveries: {
    heading: "1. Deliveries",
    promise:
      "The same event delivered 5 times, also at once; out-of-order pairs; unknown event types; payloads of older API versions. Each ends in exactly one correct outcome.",
    where: "`test/reliability/deliveries.test.ts`",
  },
  crashes: {
    heading: "2. Crashes",
    promise:
      "A worker killed with SIGKILL while it executes due steps, then a new one: every Stripe change happens exactly once (counted per idempotency key by the Stripe-compatible server), no step is lost.",
    where: "`test/reliability/crashes.test.ts`",
  },
  concurrency: {
    heading: "3. Concurrency",
    promise: "Several worker processes on one database: each due step is claimed and executed exactly once.",
    where: "`test/reliability/concurrency.test.ts`",
  },
  "stripe-faults": {
    heading: "4. Stripe faults",
    promise:
      "Transient faults retry with backoff under the same idempotency key, permanent ones fail the step with Stripe's message, none is lost or doubled; the client-side rate limit holds during a burst.",
    where: "`test/reliability/stripe-faults.test.ts`",
  },
  "bad-input": {
    heading: "5. Bad input",
    promise:
      "The webhook route answers every malformed, oversized, unsigned or tampered request with a 4xx and stores nothing; the API answers invalid automations with a 400 naming the field and writes nothing.",
    where: "`test/reliability/bad-input.test.ts`",
  },
  access: {
    heading: "6. Access",
    promise:
      "Every page and route, found on disk, refuses without a session or token (the webhook excepted); each role is refused, with a 403, every route above it, and a read-only token every write; a viewer's requests write nothing; cross-site writes are refused; logins are rate-limited; no secret appears in a log or a response; security headers are set.",
    where:
      "`e2e/access.spec.ts`, `e2e/team.spec.ts`, `e2e/secrets.spec.ts`, `e2e/server-log.spec.ts` (Chromium against `npm start`), `test/integration/access-roles.test.ts` (the role matrix, on both databases)",
  },
  loops: {
    heading: "7. Loops",
    promise:
      "An action whose effects come back as Stripe events cannot start a loop: they may start one more run, and a chain deeper than one level stops with an error on the run.",
    where: "`test/reliability/loops.test.ts`",
  },
};

const records: FigureRecord[] = fs.existsSync(FIGURES_DIR)
  ? fs
      .readdirSync(FIGURES_DIR)
      .filter((file) => file.endsWith(".json"))
      .sort()
      .map((file) => JSON.parse(fs.readFileSync(path.join(FIGURES_DIR, file), "utf8")) as FigureRecord)
  : [];
if (records.length === 0) {
  console.error(
    `no figures in ${path.relative(process.cwd(), FIGURES_DIR)}: run npm test (or npm run test:reliability) first`,
  );
  process.exit(1);
}

const cpus = os.cpus();
const lines: string[] = [
  "# Reliability",
  "",
  "What the fault and abuse suite proves, with the figures of its latest run. Each promise has",
  "tests that fail when it breaks; the figures are printed by the same tests.",
  "",
  "Reproduce: `npm run test:reliability && npm run test:e2e && npm run reliability:report`",
  "(`npm test` runs both suites too).",
  "",
  `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${os.platform()} ${os.release()}. Latest figures: ${latest(records)}.`,
  "",
];
for (const section of FIGURE_SECTIONS) {
  const { heading, promise, where } = SECTIONS[section];
  lines.push(`## ${heading}`, "", promise, "", `Tests: ${where}.`, "");
  const inSection = records.filter((record) => record.section === section);
  if (inSection.length === 0) lines.push("_No figures in the latest run._", "");
  for (const record of inSection) {
    lines.push(`**${record.title}**${record.database ? ` — ${record.database}` : ""}`, "");
    lines.push("| figure | value |", "| --- | --- |");
    for (const [label, value] of Object.entries(record.figures))
      lines.push(`| ${cell(label)} | ${cell(String(value))} |`);
    lines.push("");
  }
}
lines.push(...readNotes());

// Formatted as the repository's other documents are, so `prettier --check` passes on it as written.
const text = `${lines.join("\n").trimEnd()}\n`;
const options = (await prettier.resolveConfig("RELIABILITY.md")) ?? {};
fs.writeFileSync("RELIABILITY.md", await prettier.format(text, { ...options, parser: "markdown" }));
console.log(`RELIABILITY.md: ${records.length} record(s) in ${FIGURE_SECTIONS.length} sections`);

function latest(all: FigureRecord[]): string {
  return (
    all
      .map((record) => record.at)
      .sort()
      .at(-1)
      ?.slice(0, 16)
      .replace("T", " ") + " UTC"
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The hand-written part: docs/reliability-notes.md, appended as is. */
function readNotes(): string[] {
  const file = path.join("docs", "reliability-notes.md");
  return fs.existsSync(file) ? ["", ...fs.readFileSync(file, "utf8").split("\n")] : [];
}
