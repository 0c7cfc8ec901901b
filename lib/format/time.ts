const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** The UI's language, for every date and number it shows (not the browser's locale). */
export const UI_LOCALE = "en-US";

/** "in 3 days", "5 minutes ago", "now" — the largest unit that fits, rounded. */
export function relativeTime(date: Date, now: Date, locale = UI_LOCALE): string {
  const diff = date.getTime() - now.getTime();
  if (Math.abs(diff) < 5_000) return "now";
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return format.format(Math.round(diff / ms), unit);
  }
  return format.format(Math.round(diff / 1000), "second");
}

/** A date and time in the team's time zone, named: "Nov 21, 2026, 2:05 PM GMT+1". */
export function teamDateTime(date: Date, timeZone: string, options: { seconds?: boolean } = {}): string {
  return (
    new Intl.DateTimeFormat(UI_LOCALE, {
      dateStyle: "medium",
      timeStyle: options.seconds ? "medium" : "short",
      timeZone,
    }).format(date) + ` ${zoneName(date, timeZone)}`
  );
}

/** The zone's short name at that moment: "UTC", "GMT+1", "EST". */
function zoneName(date: Date, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(UI_LOCALE, { timeZone, timeZoneName: "short" })
      .formatToParts(date)
      .find((part) => part.type === "timeZoneName")?.value ?? timeZone
  );
}

/** How far the zone's clock is ahead of UTC at that moment, in ms. */
function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The first moment of a day ("2026-11-30") in the zone, as an instant (its midnight, DST included). */
export function startOfDayIn(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let instant = midnightUtc - zoneOffsetMs(timeZone, midnightUtc);
  // Across a change of offset that day, the offset at the guess is not the offset at midnight.
  instant = midnightUtc - zoneOffsetMs(timeZone, instant);
  return new Date(instant);
}

/** The last moment of a day in the zone (the next day's first, less a millisecond). */
export function endOfDayIn(day: string, timeZone: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(startOfDayIn(next, timeZone).getTime() - 1);
}
