import type { Backtest } from "./backtest";

/** Events that would change hands under a new order: from the automation that takes them now to another. */
export interface OrderShift {
  from: string;
  to: string;
  events: number;
}

const NONE = "no automation";

/**
 * What a new priority order moves, largest first: the same stored events replayed in the order as
 * it was and as it is now, each event whose winner differs counted once under its move ("12 events
 * that went to “Annual dunning” would now go to “≥ $100”"). Comparing two replays rather than the
 * new order against history keeps out what edits and deletions since have changed.
 */
export function orderShifts(before: Backtest, after: Backtest): OrderShift[] {
  const winnerBefore = new Map(
    before.results.map((result) => [`${result.eventId}\u0000${result.trigger}`, result.simulated]),
  );
  const shifts = new Map<string, OrderShift>();
  for (const result of after.results) {
    const was = winnerBefore.get(`${result.eventId}\u0000${result.trigger}`);
    if (!was || was.automationId === result.simulated.automationId) continue;
    const from = was.name ?? NONE;
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
