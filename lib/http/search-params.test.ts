import { describe, expect, it } from "vitest";
import { firstParam, listPageHrefs } from "./search-params";

describe("firstParam", () => {
  it("takes the first value, trimmed, and treats blanks as unset", () => {
    expect(firstParam([" a ", "b"])).toBe("a");
    expect(firstParam("  ")).toBeUndefined();
  });
});

describe("listPageHrefs", () => {
  it("keeps only the filters that are set, on the first and the next page", () => {
    expect(listPageHrefs("/runs", { automationId: "a1", status: undefined }, "c9")).toEqual({
      filtered: true,
      firstHref: "/runs?automationId=a1",
      nextHref: "/runs?automationId=a1&cursor=c9",
    });
  });

  it("is the bare path without filters, and has no next page without a cursor", () => {
    expect(listPageHrefs("/events", { type: undefined }, null)).toEqual({
      filtered: false,
      firstHref: "/events",
      nextHref: null,
    });
  });
});
