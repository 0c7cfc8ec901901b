// The outcomes report: per automation and per trigger over a date range, with its weeks, and with a
// holdout the comparison against Stripe's default settings. Two GROUP BYs, whatever the number of
// runs: the counts and sums by automation, arm, status and week, and the hours-to-recover histogram.
import { z } from "zod";
import type { Db, Prisma } from "@/lib/db/client";
import { invalid, parseOrThrow } from "@/lib/errors";
import { getSettings } from "@/lib/settings/settings";
import { TRIGGERS, triggerLabel } from "@/lib/triggers";
import { RECOVERY_WINDOW_DAYS, triggerRecovers, weekStartDate, type OutcomeStatus } from "./attribution";
import { differenceInterval, medianPositions } from "./statistics";

const DAY_MS = 86_400_000;
/** Without a start: the 90 days up to the end. */
const DEFAULT_RANGE_DAYS = 90;
/** Below this many matches in either group, the comparison says it cannot tell yet. */
const MIN_GROUP_SIZE = 20;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-01" or an ISO time; a date alone in `to` means through the end of that day (UTC). */
const instant = (field: "from" | "to") =>
  z
    .string({ error: `${field} must be a date (2026-11-01) or an ISO 8601 time` })
    .trim()
    .refine((value) => !Number.isNaN(Date.parse(value)), {
      message: `${field} must be a date (2026-11-01) or an ISO 8601 time`,
    })
    .transform((value) => {
      const at = new Date(value);
      return field === "to" && DATE_ONLY.test(value) ? new Date(at.getTime() + DAY_MS) : at;
    });

const outcomesFiltersSchema = z
  .object({
    from: instant("from").optional(),
    to: instant("to").optional(),
    trigger: z.enum(TRIGGERS, { error: `trigger must be one of: ${TRIGGERS.join(", ")}` }).optional(),
    automationId: z.string().trim().min(1, { error: "automationId must not be empty" }).max(200).optional(),
  })
  .superRefine((filters, ctx) => {
    if (filters.from && filters.to && filters.from.getTime() >= filters.to.getTime()) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
    }
  });
export type OutcomesFilters = z.input<typeof outcomesFiltersSchema>;

/** The counts of one group of matches: an automation's runs, or its held-out matches. */
export interface OutcomeCounts {
  matched: number;
  recovered: number;
  /** Default currency, minor units. */
  recoveredAmount: number;
  /** Recovered, but in a currency the settings have no rate for: not in recoveredAmount. */
  recoveredUnconverted: number;
  writtenOff: number;
  voided: number;
  canceled: number;
  open: number;
  /** Paid, but after the recovery window: not counted as recovered. */
  paidLate: number;
}

export interface HoldoutComparison {
  /** Recovery rate with the automation minus without it, and its 95 % interval (Newcombe). */
  difference: { rate: number; ci95: [number, number] } | null;
  verdict: "better" | "worse" | "cannot_tell" | "too_few";
  /** The verdict in words, for the page and the API alike. */
  words: string;
}

export interface WeekOutcomes {
  /** The week's Monday (UTC), "2026-11-30". */
  week: string;
  runs: number;
  recovered: number;
  recoveredAmount: number;
  recoveryRate: number | null;
  heldOut: number;
  heldOutRecovered: number;
  heldOutRecoveryRate: number | null;
}

interface Totals {
  runs: number;
  recovered: number;
  recoveredAmount: number;
  recoveredUnconverted: number;
  writtenOff: number;
  voided: number;
  canceled: number;
  open: number;
  paidLate: number;
  /** null where the trigger has nothing to recover (a canceled subscription), or with no runs. */
  recoveryRate: number | null;
  medianHoursToRecover: number | null;
}

export interface AutomationOutcomes extends Totals {
  automationId: string;
  name: string;
  trigger: string;
  status: string;
  deleted: boolean;
  holdoutPercent: number;
  /** Present once the automation holds matches out (or has held some out in the range). */
  holdout?: { matched: number; recovered: number; recoveryRate: number | null };
  difference?: { rate: number; ci95: [number, number] };
  comparison?: HoldoutComparison;
  weeks: WeekOutcomes[];
}

export interface TriggerOutcomes extends Totals {
  trigger: string;
  label: string;
  weeks: WeekOutcomes[];
}

export interface OutcomesReport {
  from: string;
  to: string;
  /** The default currency every amount is in. */
  currency: string;
  recoveryWindowDays: number;
  automations: AutomationOutcomes[];
  triggers: TriggerOutcomes[];
  weeks: WeekOutcomes[];
}

const emptyCounts = (): OutcomeCounts => ({
  matched: 0,
  recovered: 0,
  recoveredAmount: 0,
  recoveredUnconverted: 0,
  writtenOff: 0,
  voided: 0,
  canceled: 0,
  open: 0,
  paidLate: 0,
});

const COUNT_FIELD: Record<OutcomeStatus, keyof OutcomeCounts> = {
  open: "open",
  recovered: "recovered",
  written_off: "writtenOff",
  voided: "voided",
  canceled: "canceled",
  paid_late: "paidLate",
};

const rate = (k: number, n: number) => (n > 0 ? k / n : null);

/** The report for a range (default: the last 90 days), a trigger and an automation, each optional. */
export async function queryOutcomes(
  db: Db,
  input: OutcomesFilters = {},
  now: Date = new Date(),
): Promise<OutcomesReport> {
  const filters = parseOrThrow(outcomesFiltersSchema, input, "invalid filters");
  // Without an end: through the end of today (UTC), as if today's date had been given.
  const to = filters.to ?? new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  const from = filters.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw invalid("to: to must be after from", [{ path: "to", message: "to must be after from" }]);
  }
  if (filters.automationId) {
    const known = await db.automation.count({ where: { id: filters.automationId } });
    if (!known) {
      const message = `no automation has the id ${filters.automationId}`;
      throw invalid(`automationId: ${message}`, [{ path: "automationId", message }]);
    }
  }
  const where = {
    matchedAt: { gte: from, lt: to },
    ...(filters.trigger ? { trigger: filters.trigger } : {}),
    ...(filters.automationId ? { automationId: filters.automationId } : {}),
  };
  const [settings, groups, histogram, automations] = await Promise.all([
    getSettings(db),
    db.outcome.groupBy({
      by: ["automationId", "heldOut", "status", "matchedWeek", "recoveredCurrency"],
      where,
      _count: { _all: true },
      _sum: { recoveredAmount: true },
    }),
    db.outcome.groupBy({
      by: ["automationId", "hoursToRecover"],
      where: { ...where, status: "recovered", heldOut: false },
      _count: { _all: true },
    }),
    db.automation.findMany({
      where: {
        ...(filters.trigger ? { trigger: filters.trigger } : {}),
        ...(filters.automationId ? { id: filters.automationId } : {}),
      },
      select: {
        id: true,
        name: true,
        trigger: true,
        status: true,
        deletedAt: true,
        holdoutPercent: true,
        priority: true,
      },
      orderBy: [{ trigger: "asc" }, { priority: "asc" }, { createdAt: "asc" }],
    }),
  ]);

  // Per automation: both arms' counts, and each arm's counts by week.
  type Arms = {
    runs: OutcomeCounts;
    heldOut: OutcomeCounts;
    weeks: Map<number, { runs: OutcomeCounts; heldOut: OutcomeCounts }>;
  };
  const byAutomation = new Map<string, Arms>();
  const armsOf = (automationId: string) => {
    let arms = byAutomation.get(automationId);
    if (!arms) {
      arms = { runs: emptyCounts(), heldOut: emptyCounts(), weeks: new Map() };
      byAutomation.set(automationId, arms);
    }
    return arms;
  };
  for (const group of groups) {
    const arms = armsOf(group.automationId);
    let week = arms.weeks.get(group.matchedWeek);
    if (!week) {
      week = { runs: emptyCounts(), heldOut: emptyCounts() };
      arms.weeks.set(group.matchedWeek, week);
    }
    for (const counts of group.heldOut ? [arms.heldOut, week.heldOut] : [arms.runs, week.runs]) {
      addGroup(counts, group, settings.defaultCurrency);
    }
  }
  const hours = new Map<string, Map<number, number>>();
  for (const group of histogram) {
    if (group.hoursToRecover === null) continue;
    const buckets = hours.get(group.automationId) ?? new Map<number, number>();
    buckets.set(group.hoursToRecover, (buckets.get(group.hoursToRecover) ?? 0) + group._count._all);
    hours.set(group.automationId, buckets);
  }

  // Every automation in the filter that still exists, and any deleted one that has outcomes in range.
  const shown = automations.filter((automation) => !automation.deletedAt || byAutomation.has(automation.id));
  const shownTriggers = TRIGGERS.filter((trigger) => !filters.trigger || trigger === filters.trigger);
  const membersOf = (trigger: string) => shown.filter((automation) => automation.trigger === trigger);
  // A trigger with one automation (the usual case) has that automation's median: asked once.
  const medians = new Map<string, Promise<number | null>>();
  const medianOf = (ids: string[]) => {
    const key = ids.join(",");
    if (!medians.has(key)) medians.set(key, medianHoursToRecover(db, where, ids, hours));
    return medians.get(key)!;
  };
  const [automationMedians, triggerMedians] = await Promise.all([
    Promise.all(shown.map((automation) => medianOf([automation.id]))),
    Promise.all(shownTriggers.map((trigger) => medianOf(membersOf(trigger).map((automation) => automation.id)))),
  ]);
  const automationReports = shown.map((automation, index): AutomationOutcomes => {
    const arms = byAutomation.get(automation.id) ?? { runs: emptyCounts(), heldOut: emptyCounts(), weeks: new Map() };
    const report: AutomationOutcomes = {
      automationId: automation.id,
      name: automation.name,
      trigger: automation.trigger,
      status: automation.status,
      deleted: automation.deletedAt !== null,
      holdoutPercent: automation.holdoutPercent,
      ...totals(automation.trigger, arms.runs, automationMedians[index] ?? null),
      weeks: weekList(arms.weeks, automation.trigger),
    };
    if (automation.holdoutPercent > 0 || arms.heldOut.matched > 0) {
      const recovers = triggerRecovers(automation.trigger);
      report.holdout = {
        matched: arms.heldOut.matched,
        recovered: arms.heldOut.recovered,
        recoveryRate: recovers ? rate(arms.heldOut.recovered, arms.heldOut.matched) : null,
      };
      if (recovers) {
        report.comparison = compare(arms.runs, arms.heldOut);
        if (report.comparison.difference) report.difference = report.comparison.difference;
      }
    }
    return report;
  });

  const triggers = shownTriggers.map((trigger, index): TriggerOutcomes => {
    const runs = emptyCounts();
    const weeks = new Map<number, { runs: OutcomeCounts; heldOut: OutcomeCounts }>();
    for (const member of membersOf(trigger)) {
      const arms = byAutomation.get(member.id);
      if (arms) {
        addCounts(runs, arms.runs);
        for (const [week, counts] of arms.weeks) {
          const into = weeks.get(week) ?? { runs: emptyCounts(), heldOut: emptyCounts() };
          addCounts(into.runs, counts.runs);
          addCounts(into.heldOut, counts.heldOut);
          weeks.set(week, into);
        }
      }
    }
    return {
      trigger,
      label: triggerLabel(trigger),
      ...totals(trigger, runs, triggerMedians[index] ?? null),
      weeks: weekList(weeks, trigger),
    };
  });

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    currency: settings.defaultCurrency,
    recoveryWindowDays: RECOVERY_WINDOW_DAYS,
    automations: automationReports,
    triggers,
    weeks: overallWeeks(triggers),
  };
}

type Group = {
  status: string;
  recoveredCurrency: string | null;
  _count: { _all: number };
  _sum: { recoveredAmount: number | null };
};

function addGroup(counts: OutcomeCounts, group: Group, defaultCurrency: string): void {
  const n = group._count._all;
  counts.matched += n;
  const field = COUNT_FIELD[group.status as OutcomeStatus];
  if (field) counts[field] += n;
  if (group.status !== "recovered") return;
  // Amounts are kept in the default currency of the day they were paid; one recorded before the
  // default currency changed (or without a rate) is counted, not added.
  if (group.recoveredCurrency === defaultCurrency) counts.recoveredAmount += group._sum.recoveredAmount ?? 0;
  else counts.recoveredUnconverted += n;
}

function addCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  for (const key of Object.keys(into) as Array<keyof OutcomeCounts>) into[key] += from[key];
}

/**
 * The exact median time to recover of these automations' runs, in hours: the histogram says which
 * whole-hour bucket (or two) holds the middle, and one ordered read inside each bucket finds the
 * value — a few rows, however many runs there are.
 */
async function medianHoursToRecover(
  db: Db,
  where: Prisma.OutcomeWhereInput,
  automationIds: string[],
  hours: ReadonlyMap<string, ReadonlyMap<number, number>>,
): Promise<number | null> {
  const buckets = new Map<number, number>();
  for (const id of automationIds) {
    for (const [hour, count] of hours.get(id) ?? []) buckets.set(hour, (buckets.get(hour) ?? 0) + count);
  }
  const middle = medianPositions(buckets);
  if (!middle) return null;
  const seconds = await Promise.all(
    middle.map(async ({ key, index }) => {
      const [row] = await db.outcome.findMany({
        where: {
          ...where,
          automationId: { in: automationIds },
          status: "recovered",
          heldOut: false,
          hoursToRecover: key,
        },
        orderBy: { secondsToRecover: "asc" },
        skip: index,
        take: 1,
        select: { secondsToRecover: true },
      });
      // Between the histogram and this read an outcome may have moved: the bucket's middle then.
      return row?.secondsToRecover ?? (key + 0.5) * 3600;
    }),
  );
  return seconds.reduce((sum, value) => sum + value, 0) / seconds.length / 3600;
}

function totals(trigger: string, runs: OutcomeCounts, median: number | null): Totals {
  return {
    runs: runs.matched,
    recovered: runs.recovered,
    recoveredAmount: runs.recoveredAmount,
    recoveredUnconverted: runs.recoveredUnconverted,
    writtenOff: runs.writtenOff,
    voided: runs.voided,
    canceled: runs.canceled,
    open: runs.open,
    paidLate: runs.paidLate,
    recoveryRate: triggerRecovers(trigger) ? rate(runs.recovered, runs.matched) : null,
    medianHoursToRecover: median === null ? null : Math.round(median * 10) / 10,
  };
}

function weekList(
  weeks: Map<number, { runs: OutcomeCounts; heldOut: OutcomeCounts }>,
  trigger: string,
): WeekOutcomes[] {
  const recovers = triggerRecovers(trigger);
  return [...weeks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([week, { runs, heldOut }]) => ({
      week: weekStartDate(week),
      runs: runs.matched,
      recovered: runs.recovered,
      recoveredAmount: runs.recoveredAmount,
      recoveryRate: recovers ? rate(runs.recovered, runs.matched) : null,
      heldOut: heldOut.matched,
      heldOutRecovered: heldOut.recovered,
      heldOutRecoveryRate: recovers ? rate(heldOut.recovered, heldOut.matched) : null,
    }));
}

function overallWeeks(triggers: TriggerOutcomes[]): WeekOutcomes[] {
  const byWeek = new Map<string, WeekOutcomes>();
  for (const trigger of triggers) {
    for (const week of trigger.weeks) {
      const into = byWeek.get(week.week) ?? {
        week: week.week,
        runs: 0,
        recovered: 0,
        recoveredAmount: 0,
        recoveryRate: null,
        heldOut: 0,
        heldOutRecovered: 0,
        heldOutRecoveryRate: null,
      };
      // Rates over invoice runs only: a cancellation run has nothing to recover.
      if (triggerRecovers(trigger.trigger)) {
        into.runs += week.runs;
        into.recovered += week.recovered;
        into.heldOut += week.heldOut;
        into.heldOutRecovered += week.heldOutRecovered;
      }
      into.recoveredAmount += week.recoveredAmount;
      byWeek.set(week.week, into);
    }
  }
  return [...byWeek.values()]
    .sort((a, b) => a.week.localeCompare(b.week))
    .map((week) => ({
      ...week,
      recoveryRate: rate(week.recovered, week.runs),
      heldOutRecoveryRate: rate(week.heldOutRecovered, week.heldOut),
    }));
}

const magnitude = (value: number) => `${Math.abs(value * 100).toFixed(1)} points`;
const points = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(1)} points`;

/** With the automation against without it: the difference, its interval, and what can be said. */
function compare(runs: OutcomeCounts, heldOut: OutcomeCounts): HoldoutComparison {
  if (runs.matched === 0 || heldOut.matched === 0) {
    return {
      difference: null,
      verdict: "too_few",
      words: `Can't tell yet: ${runs.matched} run(s) and ${heldOut.matched} held-out match(es) so far; a comparison needs both.`,
    };
  }
  const difference = runs.recovered / runs.matched - heldOut.recovered / heldOut.matched;
  const ci95 = differenceInterval(runs.recovered, runs.matched, heldOut.recovered, heldOut.matched);
  const interval = `95 % interval ${points(ci95[0])} to ${points(ci95[1])}`;
  const result = { difference: { rate: difference, ci95 } };
  if (runs.matched < MIN_GROUP_SIZE || heldOut.matched < MIN_GROUP_SIZE) {
    return {
      ...result,
      verdict: "too_few",
      words: `Can't tell yet: ${runs.matched} run(s) and ${heldOut.matched} held-out match(es) so far; at least ${MIN_GROUP_SIZE} of each are needed (${interval}).`,
    };
  }
  if (ci95[0] > 0) {
    return {
      ...result,
      verdict: "better",
      words: `Recovers ${magnitude(difference)} more than Stripe's default settings alone (${interval}).`,
    };
  }
  if (ci95[1] < 0) {
    return {
      ...result,
      verdict: "worse",
      words: `Recovers ${magnitude(difference)} less than Stripe's default settings alone (${interval}).`,
    };
  }
  return {
    ...result,
    verdict: "cannot_tell",
    words: `Can't tell yet: the difference is ${points(difference)}, but anywhere from ${points(ci95[0])} to ${points(ci95[1])} fits the data (95 % interval).`,
  };
}
