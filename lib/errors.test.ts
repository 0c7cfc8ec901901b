import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, isUnfindableId, MAX_JSON_DEPTH, parseOrThrow, unstorableIssue } from "./errors";

describe("unstorableIssue", () => {
  it("passes ordinary JSON, emoji and every other well-formed text included", () => {
    expect(unstorableIssue({ name: "Dunning ✓ 😀", steps: [{ amount: 3 }, null, true], note: "tab\tnewline\n" })).toBe(
      null,
    );
  });

  it("names the field holding a NUL or an unpaired surrogate", () => {
    expect(unstorableIssue({ steps: [{ params: { memo: "a\u0000b" } }] })).toEqual({
      path: "steps.0.params.memo",
      message: expect.stringMatching(/NUL/),
    });
    expect(unstorableIssue({ name: "x\ud83d" })).toEqual({ path: "name", message: expect.stringMatching(/surrogate/) });
    expect(unstorableIssue({ name: "x\ude00y" })?.path).toBe("name");
    expect(unstorableIssue("\u0000")).toEqual({ path: "", message: expect.stringMatching(/NUL/) });
  });

  it("names a key holding one", () => {
    expect(unstorableIssue({ metadata: { "a\u0000": "v" } })).toEqual({
      path: "metadata.a\u0000",
      message: expect.stringMatching(/^keys must not contain NUL/),
    });
  });

  it("refuses nesting deeper than MAX_JSON_DEPTH without walking all of it", () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : [nest(depth - 1)]);
    expect(unstorableIssue(nest(MAX_JSON_DEPTH))).toBe(null);
    expect(unstorableIssue(nest(MAX_JSON_DEPTH + 1))?.message).toMatch(/deeper than 64/);
    expect(unstorableIssue(JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`))).not.toBe(null);
  });
});

describe("parseOrThrow", () => {
  const schema = z.object({ name: z.string() });

  it("refuses unstorable text with its field before the schema is asked", () => {
    let error: unknown;
    try {
      parseOrThrow(schema, { name: "a\u0000" }, "invalid thing");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "validation",
      message: "invalid thing: name: must not contain NUL (U+0000) characters",
      issues: [{ path: "name", message: "must not contain NUL (U+0000) characters" }],
    });
  });

  it("returns what the schema parsed", () => {
    expect(parseOrThrow(schema, { name: "ok" }, "invalid thing")).toEqual({ name: "ok" });
  });
});

describe("isUnfindableId", () => {
  it("marks ids no record can have, so pages and the API answer 404 without asking the database", () => {
    expect(isUnfindableId("clx0abc123")).toBe(false);
    expect(isUnfindableId("evt_1Q\u0000")).toBe(true);
    expect(isUnfindableId("run_\ud800")).toBe(true);
  });
});
