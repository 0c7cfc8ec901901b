import type { Backtest } from "./backtest";

/** Events that would change hands under a new order: from the automation that took them to another. */
export interface OrderShift {
  from: string;
  to: string;
  events: number;
}

const NONE = "no automation";

/**
 * What a backtest of a new priority order says would move, largest first: "12 events that went to
 * “Annual dunning” would now go to “≥ $100”". Events replayed into the same automation are not shifts.
 */
export function orderShifts(backtest: Backtest): OrderShift[] {
  const shifts = new Map<string, OrderShift>();
  for (const result of backtest.results) {
    if (!result.changed) continue;
    const from = "notEvaluated" in result.actual ? NONE : (result.actual.name ?? NONE);
    const to = result.simulated.name ?? NONE;
    const key = `${from}\u0000${to}`;
    const shift = shifts.get(key) ?? { from, to, events: 0 };
    shift.events += 1;
    shifts.set(key, shift);
  }
  return [...shifts.values()].sort((a, b) => b.events - a.events || a.from.localeCompare(b.from));
}

const named = (name: string) => (name === NONE ? NONE : `“${name}”`);

export function orderShiftInWords(shift: OrderShift): string {
  const events = shift.events === 1 ? "1 event that went" : `${shift.events} events that went`;
  return `${events} to ${named(shift.from)} would now go to ${named(shift.to)}`;
}
