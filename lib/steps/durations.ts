// Units shared by delays and retry schedules (the Contract's list; seconds exist for tests).
export const DURATION_UNITS = ["seconds", "minutes", "hours", "days"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const SECONDS_PER_UNIT: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

export function durationInSeconds(amount: number, unit: DurationUnit): number {
  return amount * SECONDS_PER_UNIT[unit];
}

/** "3 days", "1 hour" */
export function durationInWords(amount: number, unit: DurationUnit): string {
  const singular = unit.slice(0, -1);
  return `${amount} ${Math.abs(amount) === 1 ? singular : unit}`;
}
