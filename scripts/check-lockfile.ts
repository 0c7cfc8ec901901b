// npm run check:lockfile (part of `npm run check`) — `npm ci` on a fresh clone refuses a lockfile that
// names an optional dependency it does not list (the other platforms' binaries of @next/swc,
// @tailwindcss/oxide, @unrs/resolver-binding…). npm writes such a lockfile when it updates one over
// an existing node_modules; this catches it before a newcomer does.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface LockPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface Lockfile {
  packages?: Record<string, LockPackage>;
}

/**
 * Where npm would look for `name` when resolving it from the package at `from`: its own
 * node_modules, then each enclosing node_modules up to the root.
 */
function resolves(packages: Record<string, LockPackage>, from: string, name: string): boolean {
  let base = from;
  for (;;) {
    if (packages[`${base ? `${base}/` : ""}node_modules/${name}`]) return true;
    if (!base) return false;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/** Optional dependencies the lockfile names but does not list, as "from → name" lines. */
export function missingOptionalDependencies(lock: Lockfile): string[] {
  const packages = lock.packages ?? {};
  const missing: string[] = [];
  for (const [location, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(packages, location, name)) missing.push(`${location || "(root)"} → ${name}`);
    }
  }
  return missing;
}

/** Direct dependencies of package.json whose locked version differs, or that the lockfile lacks. */
export function outOfSyncDependencies(manifest: LockPackage, lock: Lockfile): string[] {
  const root = lock.packages?.[""] ?? {};
  const problems: string[] = [];
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"] as const) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (root[field]?.[name] !== range)
        problems.push(`${field}.${name}: package.json says ${range}, the lockfile ${root[field]?.[name] ?? "nothing"}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as LockPackage;
  const problems = [
    ...missingOptionalDependencies(lock).map((line) => `optional dependency not in the lockfile: ${line}`),
    ...outOfSyncDependencies(manifest, lock),
  ];
  if (problems.length > 0) {
    console.error(
      `package-lock.json would be refused by npm ci:\n- ${problems.join("\n- ")}\n` +
        "Regenerate it without node_modules: npm install --package-lock-only in a copy of package.json and " +
        "package-lock.json (or rm -rf node_modules package-lock.json && npm install), then check with npm ci.",
    );
    process.exit(1);
  }
  console.log("check:lockfile: package-lock.json lists every optional dependency it names");
}
