import { describe, expect, it } from "vitest";

import { exampleAmount, formatMajorAmount, parseMajorAmount } from "@/lib/money/money-input";

describe("amounts in major units", () => {
  it("turns what a person types into minor units, by the currency's decimals", () => {
    expect(parseMajorAmount("500.00", "usd")).toEqual({ ok: true, minor: 50_000 });
    expect(parseMajorAmount("500", "usd")).toEqual({ ok: true, minor: 50_000 });
    expect(parseMajorAmount(" 1,234.5 ", "eur")).toEqual({ ok: true, minor: 123_450 });
    expect(parseMajorAmount(".99", "usd")).toEqual({ ok: true, minor: 99 });
    expect(parseMajorAmount("0.10", "usd")).toEqual({ ok: true, minor: 10 });
    expect(parseMajorAmount("1000", "jpy")).toEqual({ ok: true, minor: 1000 });
    expect(parseMajorAmount("1000.0", "jpy")).toEqual({ ok: true, minor: 1000 });
    expect(parseMajorAmount("1.5", "bhd")).toEqual({ ok: true, minor: 1500 });
    expect(parseMajorAmount("", "usd")).toEqual({ ok: true, minor: null });
    expect(parseMajorAmount("   ", "usd")).toEqual({ ok: true, minor: null });
  });

  it("never rounds by float arithmetic", () => {
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseMajorAmount("0.29", "usd")).toEqual({ ok: true, minor: 29 });
    expect(parseMajorAmount("1.005", "bhd")).toEqual({ ok: true, minor: 1005 });
  });

  it("refuses text, signs and more decimals than the currency has, saying what to type", () => {
    expect(parseMajorAmount("abc", "usd")).toEqual({ ok: false, message: "enter an amount in USD, e.g. 500.00" });
    expect(parseMajorAmount(".", "usd")).toMatchObject({ ok: false });
    expect(parseMajorAmount("1.2.3", "usd")).toMatchObject({ ok: false });
    expect(parseMajorAmount("-5", "usd")).toEqual({ ok: false, message: "enter an amount of 0 or more" });
    expect(parseMajorAmount("1.999", "usd")).toEqual({
      ok: false,
      message: "USD amounts have at most 2 decimals, e.g. 500.00",
    });
    expect(parseMajorAmount("10.5", "jpy")).toEqual({
      ok: false,
      message: "JPY amounts have no decimals: enter a whole number, e.g. 500",
    });
    expect(parseMajorAmount("99999999999999999999", "usd")).toEqual({ ok: false, message: "that amount is too large" });
  });

  it("shows minor units as the amount input holds them", () => {
    expect(formatMajorAmount(50_000, "usd")).toBe("500.00");
    expect(formatMajorAmount(5, "usd")).toBe("0.05");
    expect(formatMajorAmount(0, "usd")).toBe("0.00");
    expect(formatMajorAmount(1000, "jpy")).toBe("1000");
    expect(formatMajorAmount(1500, "bhd")).toBe("1.500");
    expect(exampleAmount("usd")).toBe("500.00");
    expect(exampleAmount("jpy")).toBe("500");
  });

  it("round-trips every amount", () => {
    for (const currency of ["usd", "jpy", "bhd"]) {
      for (const minor of [0, 1, 99, 100, 12_345, 50_000, 987_654_321]) {
        expect(parseMajorAmount(formatMajorAmount(minor, currency), currency)).toEqual({ ok: true, minor });
      }
    }
  });
});
