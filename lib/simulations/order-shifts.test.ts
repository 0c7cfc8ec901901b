import { describe, expect, it } from "vitest";
import type { Backtest, BacktestResult } from "./backtest";
import { orderShiftInWords, orderShifts } from "./order-shifts";

function result(actual: string | null, simulated: string | null): BacktestResult {
  return {
    eventId: `evt_${Math.random()}`,
    eventType: "invoice.payment_failed",
    trigger: "subscription_payment_failed",
    objectId: "in_1",
    receivedAt: "2026-11-01T00:00:00.000Z",
    actual: { automationId: actual && `id-${actual}`, ...(actual ? { name: actual } : {}), runId: null },
    simulated: { automationId: simulated && `id-${simulated}`, ...(simulated ? { name: simulated } : {}), steps: [] },
    changed: actual !== simulated,
    amount: null,
    summary: "",
  };
}

const backtest = (results: BacktestResult[]) => ({ results }) as Backtest;

describe("orderShifts", () => {
  it("groups the events that change hands, largest move first, and leaves out those that stay", () => {
    const shifts = orderShifts(
      backtest([
        result("Annual dunning", "≥ $100"),
        result("Annual dunning", "≥ $100"),
        result("Annual dunning", "Annual dunning"),
        result(null, "≥ $100"),
      ]),
    );
    expect(shifts).toEqual([
      { from: "Annual dunning", to: "≥ $100", events: 2 },
      { from: "no automation", to: "≥ $100", events: 1 },
    ]);
    expect(shifts.map(orderShiftInWords)).toEqual([
      "2 events that went to “Annual dunning” would now go to “≥ $100”",
      "1 event that went to no automation would now go to “≥ $100”",
    ]);
  });

  it("finds nothing when the order moves no event", () => {
    expect(orderShifts(backtest([result("A", "A")]))).toEqual([]);
  });
});
