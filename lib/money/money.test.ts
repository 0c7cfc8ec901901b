import { describe, expect, it } from "vitest";

import { formatMoney, minorUnitExponent, toDefaultCurrencyMinor } from "@/lib/money/money";

describe("minorUnitExponent", () => {
  it("knows Stripe's zero-, two- and three-decimal currencies in either case", () => {
    expect(minorUnitExponent("usd")).toBe(2);
    expect(minorUnitExponent("EUR")).toBe(2);
    expect(minorUnitExponent("jpy")).toBe(0);
    expect(minorUnitExponent("KRW")).toBe(0);
    expect(minorUnitExponent("xpf")).toBe(0);
    expect(minorUnitExponent("bhd")).toBe(3);
    expect(minorUnitExponent("kwd")).toBe(3);
  });
});

describe("toDefaultCurrencyMinor", () => {
  const settings = { defaultCurrency: "usd", exchangeRates: { eur: 1.08, jpy: 0.0067, kwd: 3.25 } };

  it("returns amounts already in the default currency as they are", () => {
    expect(toDefaultCurrencyMinor({ amount: 10000, currency: "USD", ...settings })).toBe(10000);
  });

  it("converts EUR cents to USD cents with the per-unit rate", () => {
    // €100.00 × 1.08 = $108.00
    expect(toDefaultCurrencyMinor({ amount: 10000, currency: "eur", ...settings })).toBe(10800);
    // €0.99 × 1.08 = $1.0692 → 107 cents
    expect(toDefaultCurrencyMinor({ amount: 99, currency: "eur", ...settings })).toBe(107);
  });

  it("treats JPY amounts as whole yen (zero-decimal)", () => {
    // ¥1,000 × 0.0067 = $6.70, not $0.067
    expect(toDefaultCurrencyMinor({ amount: 1000, currency: "jpy", ...settings })).toBe(670);
  });

  it("treats KWD amounts as thousandths (three-decimal)", () => {
    // 1.500 KWD × 3.25 = $4.875 → 488 cents
    expect(toDefaultCurrencyMinor({ amount: 1500, currency: "kwd", ...settings })).toBe(488);
  });

  it("converts into a zero-decimal default currency", () => {
    expect(
      toDefaultCurrencyMinor({ amount: 10000, currency: "usd", defaultCurrency: "jpy", exchangeRates: { usd: 150 } }),
    ).toBe(15000);
  });

  it("returns null when no rate is known", () => {
    expect(toDefaultCurrencyMinor({ amount: 1000, currency: "gbp", ...settings })).toBeNull();
    expect(
      toDefaultCurrencyMinor({ amount: 1000, currency: "eur", defaultCurrency: "usd", exchangeRates: { eur: 0 } }),
    ).toBeNull();
  });
});

describe("formatMoney", () => {
  it("formats minor units for people", () => {
    expect(formatMoney(10000, "usd")).toBe("$100.00");
    expect(formatMoney(123456, "eur")).toBe("€1,234.56");
    expect(formatMoney(1000, "jpy")).toBe("¥1,000");
    // Intl puts a no-break space after a currency code.
    expect(formatMoney(1500, "bhd")).toBe("BHD\u00a01.500");
  });

  it("still shows an amount for a code Intl refuses", () => {
    expect(formatMoney(1234, "x1")).toBe("12.34 X1");
  });
});
