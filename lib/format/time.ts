const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** "in 3 days", "5 minutes ago", "now" — the largest unit that fits, rounded. */
export function relativeTime(date: Date, now: Date, locale?: string): string {
  const diff = date.getTime() - now.getTime();
  if (Math.abs(diff) < 5_000) return "now";
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return format.format(Math.round(diff / ms), unit);
  }
  return format.format(Math.round(diff / 1000), "second");
}

/** A date and time in the reader's own time zone, e.g. "21 Nov 2026, 14:05". */
export function localDateTime(date: Date, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}
