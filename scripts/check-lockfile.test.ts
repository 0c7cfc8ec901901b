import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { missingOptionalDependencies, outOfSyncDependencies, type Lockfile } from "./check-lockfile";

const repoLock = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../package-lock.json"), "utf8")) as Lockfile;

describe("the lockfile npm ci needs", () => {
  it("lists every optional platform binary it names (npm ci refuses it otherwise)", () => {
    expect(missingOptionalDependencies(repoLock)).toEqual([]);
  });

  it("finds an optional dependency that only another platform needs and the lockfile left out", () => {
    const lock: Lockfile = {
      packages: {
        "": {},
        "node_modules/@tailwindcss/oxide": {
          optionalDependencies: {
            "@tailwindcss/oxide-linux-x64-gnu": "4.3.5",
            "@tailwindcss/oxide-darwin-arm64": "4.3.5",
          },
        },
        "node_modules/@tailwindcss/oxide-linux-x64-gnu": { version: "4.3.5" },
      },
    };
    expect(missingOptionalDependencies(lock)).toEqual([
      "node_modules/@tailwindcss/oxide → @tailwindcss/oxide-darwin-arm64",
    ]);
  });

  it("resolves an optional dependency from an enclosing node_modules, as npm does", () => {
    const lock: Lockfile = {
      packages: {
        "node_modules/a/node_modules/b": { optionalDependencies: { c: "1" } },
        "node_modules/c": { version: "1" },
      },
    };
    expect(missingOptionalDependencies(lock)).toEqual([]);
  });

  it("says when package.json and the lockfile disagree on a direct dependency", () => {
    const lock: Lockfile = { packages: { "": { dependencies: { zod: "4.0.0" } } } };
    expect(outOfSyncDependencies({ dependencies: { zod: "4.6.7", pino: "10.4.0" } }, lock)).toEqual([
      "dependencies.zod: package.json says 4.6.7, the lockfile 4.0.0",
      "dependencies.pino: package.json says 10.4.0, the lockfile nothing",
    ]);
  });
});
