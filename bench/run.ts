// npm run bench [-- --full] — every benchmark, printed as measured. Quick mode (the default, and
// CI's smoke run) uses small sizes and only prints; --full is the record and writes BENCHMARKS.md.
// --only=matching,simulations,ingest,pipeline,scheduler,growth,outcomes runs a subset: printed, and
// with --full written over those sections of BENCHMARKS.md, the others left as they were.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { benchGrowth } from "./growth";
import { benchIngest } from "./ingest";
import { benchMatching } from "./matching";
import { benchOutcomes } from "./outcomes";
import { benchPipeline } from "./pipeline";
import { benchScheduler } from "./scheduler";
import { benchSimulations } from "./simulations";
import { formatTable, machineLine, printSection, type BenchSection } from "./report";

const full = process.argv.includes("--full");
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wants = (name: string) => !only || only.includes(name);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const started = Date.now();

const sections: BenchSection[] = [];
const memoryRows: Array<Array<string | number>> = [];
let plans = "";
const record = (list: BenchSection[]) => {
  list.forEach(printSection);
  sections.push(...list);
};
const failures: string[] = [];
/** One benchmark failing is reported, and the others still run and are written. */
async function attempt(name: string, work: () => Promise<void>): Promise<void> {
  if (!wants(name)) return;
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`bench: ${name} failed: ${message}`);
    failures.push(`${name}: ${message.split("\n")[0]}`);
  }
}

console.log(`bench: ${full ? "full" : "quick"} mode on ${machineLine()}`);
await attempt("matching", async () => record(await benchMatching({ quick: !full })));
await attempt("simulations", async () => record(await benchSimulations({ quick: !full })));
await attempt("ingest", async () => {
  console.log("bench: building the production build for the ingest benchmark");
  execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  const ingest = await benchIngest({ quick: !full });
  record(ingest.sections);
  memoryRows.unshift(...ingest.memory);
});
await attempt("pipeline", async () => {
  // The production build is the ingest benchmark's, or built here when it was left out.
  if (!wants("ingest")) execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
  record((await benchPipeline({ quick: !full })).sections);
});
await attempt("scheduler", async () => {
  const scheduler = await benchScheduler({ quick: !full });
  record(scheduler.sections);
  memoryRows.push(...scheduler.memory);
});
await attempt("growth", async () => {
  const growth = await benchGrowth({ quick: !full });
  record(growth.sections);
  plans += growth.plans;
});
await attempt("outcomes", async () => {
  const outcomes = await benchOutcomes({ quick: !full });
  record(outcomes.sections);
  plans += outcomes.plans;
});
if (memoryRows.length) {
  const memory: BenchSection = {
    title: "Memory",
    description:
      "Resident set size (VmRSS) in MiB: idle after start, and the most seen under load (200 events/s for the server; a drain for a worker).",
    columns: ["process", "idle MiB", "under load MiB"],
    rows: memoryRows,
  };
  record([memory]);
}

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const document = [
  "# Benchmarks",
  "",
  `Produced by \`npm run bench${full ? " -- --full" : ""}\` (${full ? "full" : "quick"} mode) on ${machineLine()}, ${new Date().toISOString().slice(0, 10)}, in ${minutes} min. Every figure stands beside a floor measured in the same run. Figures are printed, never asserted in tests.`,
  "",
  ...sections.map(formatTable),
  failures.length ? `\n## Not measured in this run\n\n${failures.map((failure) => `- ${failure}`).join("\n")}` : "",
  fs.existsSync(path.join(ROOT, "bench/speed-ups.md"))
    ? `\n${fs.readFileSync(path.join(ROOT, "bench/speed-ups.md"), "utf8")}`
    : "",
  plans ? `\n## Query plans at the largest size\n\n${plans}` : "",
].join("\n");
if (failures.length) process.exitCode = 1;
if (full && !only) {
  fs.writeFileSync(path.join(ROOT, "BENCHMARKS.md"), document + "\n");
  console.log(`bench: wrote BENCHMARKS.md (${minutes} min)`);
} else if (full && only && sections.length) {
  const file = path.join(ROOT, "BENCHMARKS.md");
  const note = `_Measured on their own with \`npm run bench -- --full --only=${only.join(",")}\` on ${machineLine()}, ${new Date().toISOString().slice(0, 10)}, in ${minutes} min._`;
  const speedUps = path.join(ROOT, "bench/speed-ups.md");
  fs.writeFileSync(
    file,
    replaceSections(
      fs.readFileSync(file, "utf8"),
      sections,
      note,
      fs.existsSync(speedUps) ? fs.readFileSync(speedUps, "utf8") : null,
    ),
  );
  console.log(`bench: wrote ${sections.length} section(s) of BENCHMARKS.md (${minutes} min)`);
}

/**
 * BENCHMARKS.md with these sections measured anew: each written over the section of its title (a new
 * one before the speed-ups), the first of them under a line saying how and when they were measured,
 * and the speed-ups and unmet targets taken again from bench/speed-ups.md.
 */
function replaceSections(document: string, fresh: BenchSection[], note: string, speedUps: string | null): string {
  // Blocks: a "## " header and what follows it, or an italic note line standing alone.
  const blocks: string[] = [];
  for (const line of document.split("\n")) {
    if (line.startsWith("## ") || line.startsWith("_")) blocks.push(line);
    else if (blocks.length) blocks[blocks.length - 1] += `\n${line}`;
    else blocks.push(line);
  }
  const title = (block: string) => (block.startsWith("## ") ? block.split("\n")[0]!.slice(3) : null);
  let noted = false;
  const out: string[] = [];
  for (const block of blocks) {
    const section = fresh.find((candidate) => candidate.title === title(block));
    if (section) {
      // The note before a replaced section spoke of the old figures.
      if (out.at(-1)?.startsWith("_")) out.pop();
      if (!noted) out.push(`${note}\n`);
      noted = true;
      out.push(`${formatTable(section)}\n`);
      fresh = fresh.filter((candidate) => candidate !== section);
    } else if (speedUps && title(block) === "Speed-ups, with their before and after") {
      out.push(...fresh.map((section) => `${formatTable(section)}\n`), speedUps);
      fresh = [];
    } else if (!(speedUps && title(block) === "Targets not met, and what holds them back")) {
      out.push(block);
    }
  }
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}
