// How the outcomes page writes its figures, in one place so the tables, the holdout panel and the
// charts' summaries say the same thing the same way.

/** 0.4286 → "42.9 %"; a whole percentage without decimals ("50 %"). */
export function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(1))} %`;
}

/** A difference of two rates in percentage points, signed: "+35.0 points", "−4.2 points". */
export function points(difference: number): string {
  return `${difference >= 0 ? "+" : "−"}${Math.abs(difference * 100).toFixed(1)} points`;
}

const MIDNIGHT = "T00:00:00.000Z";

/** "2026-11-01" for a midnight (UTC), "2026-11-01 14:05" otherwise. */
function instant(iso: string): string {
  return iso.endsWith(MIDNIGHT) ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * The report's range in words. Its end is exclusive: an end at midnight is the whole day before
 * ("through 2026-11-30"), as the To date was picked.
 */
export function rangeInWords(from: string, to: string): string {
  const end = to.endsWith(MIDNIGHT)
    ? `through ${new Date(Date.parse(to) - 1).toISOString().slice(0, 10)}`
    : `up to ${instant(to)}`;
  return `From ${instant(from)} ${end} (UTC)`;
}

/** "2026-11-30" → "Nov 30": a week's Monday on a chart's axis. */
export function shortWeek(week: string): string {
  return new Date(`${week}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
