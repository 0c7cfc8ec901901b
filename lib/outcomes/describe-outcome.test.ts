import { describe, expect, it } from "vitest";
import { describeOutcome, formatHours } from "./describe-outcome";

const base = {
  recoveredAmount: null,
  recoveredCurrency: null,
  amountPaid: null,
  paidCurrency: null,
  secondsToRecover: null,
};

describe("describeOutcome", () => {
  it("says what was recovered, in the invoice's currency and the default one, and how soon", () => {
    expect(
      describeOutcome({
        ...base,
        status: "recovered",
        amountPaid: 10_000,
        paidCurrency: "eur",
        recoveredAmount: 11_000,
        recoveredCurrency: "usd",
        secondsToRecover: 5 * 3600,
      }),
    ).toBe("Recovered: €100.00 ($110.00) 5 hours after the match");
    expect(
      describeOutcome({
        ...base,
        status: "recovered",
        amountPaid: 2500,
        paidCurrency: "usd",
        recoveredAmount: 2500,
        recoveredCurrency: "usd",
        secondsToRecover: 30 * 60,
      }),
    ).toBe("Recovered: $25.00 30 minutes after the match");
  });

  it("names every other end in words", () => {
    expect(describeOutcome({ ...base, status: "paid_late", amountPaid: 100, paidCurrency: "usd" })).toBe(
      "Paid $1.00 more than 7 days after the run ended: not counted as recovered",
    );
    expect(describeOutcome({ ...base, status: "written_off" })).toBe("Written off (marked uncollectible)");
    expect(describeOutcome({ ...base, status: "canceled" })).toBe("Subscription canceled");
    expect(describeOutcome({ ...base, status: "open" })).toMatch(/^Open: followed until/);
  });
});

describe("formatHours", () => {
  it("reads minutes, hours and days", () => {
    expect(formatHours(0.25)).toBe("15 minutes");
    expect(formatHours(26.54)).toBe("26.5 hours");
    expect(formatHours(84)).toBe("3.5 days");
  });
});
