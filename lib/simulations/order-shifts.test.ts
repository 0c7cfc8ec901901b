import { describe, expect, it } from "vitest";
import type { Backtest, BacktestResult } from "./backtest";
import { orderShiftInWords, orderShifts } from "./order-shifts";

function replayed(eventId: string, winner: string | null): BacktestResult {
  return {
    eventId,
    eventType: "invoice.payment_failed",
    trigger: "subscription_payment_failed",
    objectId: "in_1",
    receivedAt: "2026-11-01T00:00:00.000Z",
    actual: { automationId: null, runId: null },
    simulated: { automationId: winner && `id-${winner}`, ...(winner ? { name: winner } : {}), steps: [] },
    changed: false,
    amount: null,
    summary: "",
  };
}

const replay = (winners: Array<[string, string | null]>) =>
  ({ results: winners.map(([id, winner]) => replayed(id, winner)) }) as Backtest;

describe("orderShifts", () => {
  it("counts the events whose winner differs between the old order and the new, largest move first", () => {
    const before = replay([
      ["evt_1", "Annual dunning"],
      ["evt_2", "Annual dunning"],
      ["evt_3", "Annual dunning"],
      ["evt_4", null],
    ]);
    const after = replay([
      ["evt_1", "≥ $100"],
      ["evt_2", "≥ $100"],
      ["evt_3", "Annual dunning"],
      ["evt_4", "≥ $100"],
    ]);
    const shifts = orderShifts(before, after);
    expect(shifts).toEqual([
      { from: "Annual dunning", to: "≥ $100", events: 2 },
      { from: "no automation", to: "≥ $100", events: 1 },
    ]);
    expect(shifts.map(orderShiftInWords)).toEqual([
      "2 events that went to “Annual dunning” would now go to “≥ $100”",
      "1 event that went to no automation would now go to “≥ $100”",
    ]);
  });

  it("finds nothing when the new order moves no event", () => {
    const same = replay([["evt_1", "A"]]);
    expect(orderShifts(same, same)).toEqual([]);
  });
});
