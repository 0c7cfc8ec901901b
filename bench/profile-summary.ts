// npx tsx bench/profile-summary.ts FILE.cpuprofile [--top=N] — where a V8 CPU profile's time went: self time
// by package (or the app's own folder) and by function, as shares of the profile's duration.
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) throw new Error("usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top=N]");
const top = Number(process.argv.find((arg) => arg.startsWith("--top="))?.slice(6) ?? 25);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = profile.endTime - profile.startTime;

/** The package a frame belongs to, or the app's own top folder, or V8's name for what is not JavaScript. */
function owner(url: string, name: string): string {
  if (!url) return `(${name || "native"})`;
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node";
  const chunk = /\.next\/server\/(chunks\/)?/.exec(url);
  return chunk ? "next build chunk" : url.replace(/^.*\/work\/[^/]+\//, "").split("/")[0]!;
}

const byOwner = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const who = owner(url, functionName);
  byOwner.set(who, (byOwner.get(who) ?? 0) + micros);
  const key = `${functionName || "(anonymous)"} ${who}${url ? `:${lineNumber + 1}` : ""}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
}
const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)} %`;
const list = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${share(micros)}  ${name}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s`);
list("self time by package or folder", byOwner);
list("self time by function", byFunction);

// --callers=NAME: the stacks that lead to a function's self time, heaviest first.
const callersOf = process.argv.find((arg) => arg.startsWith("--callers="))?.slice(10);
if (callersOf) {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stacks = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    if (byId.get(id)!.callFrame.functionName !== callersOf) continue;
    const frames: string[] = [];
    for (let at: number | undefined = parent.get(id); at !== undefined && frames.length < 14; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      frames.push(`${functionName || "(anonymous)"} ${owner(url, functionName)}:${lineNumber + 1}`);
    }
    const key = frames.join("\n      ← ");
    stacks.set(key, (stacks.get(key) ?? 0) + micros);
  }
  list(`stacks under ${callersOf}`, stacks);
}
