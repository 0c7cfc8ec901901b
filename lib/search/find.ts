// What the events and runs lists are searched by: one box that takes any id or an email, a date
// range and an amount range. The box's text says what it is — Stripe's ids carry their kind as a
// prefix — so each search is one exact lookup on an indexed column, never a scan of payloads.
import { z } from "zod";
import { endOfDayIn, startOfDayIn } from "@/lib/format/time";
import { parseMajorAmount } from "@/lib/money/money-input";

export type FindTarget =
  | { kind: "invoice" | "subscription" | "customer" | "event" | "email"; value: string }
  /** Not a Stripe id or an email: one of the product's own ids (a run's), or an object id of another kind. */
  | { kind: "other"; value: string };

const PREFIXES: Array<[string, FindTarget["kind"]]> = [
  ["in_", "invoice"],
  ["sub_", "subscription"],
  ["cus_", "customer"],
  ["evt_", "event"],
];

/** "in_1Q…" → an invoice; "Jane@Example.com" → the email jane@example.com; anything else as it is. */
export function findTarget(text: string): FindTarget {
  const value = text.trim();
  if (value.includes("@")) return { kind: "email", value: value.toLowerCase() };
  const kind = PREFIXES.find(([prefix]) => value.startsWith(prefix))?.[1];
  return kind ? { kind, value } : { kind: "other", value };
}

const instant = (field: string) =>
  z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), {
      message: `${field} must be a date or time (ISO 8601), e.g. 2026-11-01`,
    })
    .transform((value) => new Date(value));

const minorUnits = (field: string) =>
  z.coerce
    .number({ error: `${field} must be a whole number of minor units (cents), e.g. 10000 for $100.00` })
    .int({ error: `${field} must be a whole number of minor units (cents), e.g. 10000 for $100.00` })
    .min(0, { error: `${field} must be 0 or more` });

/** The search fields a list takes beside its own filters (API and pages alike). */
export const findFields = {
  /** An invoice, subscription, customer or event id, an email, or a run's id. */
  q: z.string().trim().min(1).max(320).optional(),
  from: instant("from").optional(),
  to: instant("to").optional(),
  /** Invoice amounts due, in the currency's minor units, bounds included. */
  amountMin: minorUnits("amountMin").optional(),
  amountMax: minorUnits("amountMax").optional(),
  /** The currency of amountMin and amountMax: an invoice in another is left out of an amount search. */
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, { error: "currency must be a three-letter code, e.g. usd" })
    .transform((code) => code.toLowerCase())
    .optional(),
};

export interface Find {
  q?: string;
  from?: Date;
  to?: Date;
  amountMin?: number;
  amountMax?: number;
  currency?: string;
}

/** The amount part of a search: its range, and its currency when a bound is set. */
export function amountWhere(find: Find): { amount?: { gte?: number; lte?: number }; currency?: string } {
  const amount = range(find.amountMin, find.amountMax);
  if (!amount) return {};
  return { amount, ...(find.currency ? { currency: find.currency } : {}) };
}

/** A range filter for Prisma, or undefined when neither bound is set. */
export function range<T>(min: T | undefined, max: T | undefined): { gte?: T; lte?: T } | undefined {
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined ? { gte: min } : {}), ...(max !== undefined ? { lte: max } : {}) };
}

/** A search as a page's query string holds it: what the person typed, amounts in major units. */
export interface FindParams {
  q?: string;
  from?: string;
  to?: string;
  amountMin?: string;
  amountMax?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A page's search in the lists' terms: days are the team's (a day picked as "from" starts at its
 * midnight in the team's time zone, one picked as "to" runs to its last moment), and
 * amounts typed in the default currency's major units ("100" for $100.00) become minor units.
 * An amount that does not read is an error naming its field; nothing is searched then.
 */
export function findFromParams(
  params: FindParams,
  currency: string,
  timeZone = "UTC",
): { ok: true; find: Record<string, string | number | undefined> } | { ok: false; message: string } {
  const amounts: Record<"amountMin" | "amountMax", number | undefined> = { amountMin: undefined, amountMax: undefined };
  for (const [field, label] of [
    ["amountMin", "Amount from"],
    ["amountMax", "Amount to"],
  ] as const) {
    const typed = params[field];
    if (typed === undefined) continue;
    const parsed = parseMajorAmount(typed, currency);
    if (!parsed.ok) return { ok: false, message: `${label}: ${parsed.message}` };
    amounts[field] = parsed.minor ?? undefined;
  }
  const from = params.from && DAY.test(params.from) ? startOfDayIn(params.from, timeZone).toISOString() : params.from;
  const to = params.to && DAY.test(params.to) ? endOfDayIn(params.to, timeZone).toISOString() : params.to;
  return {
    ok: true,
    find: {
      q: params.q,
      from,
      to,
      ...amounts,
      currency: amounts.amountMin !== undefined || amounts.amountMax !== undefined ? currency : undefined,
    },
  };
}
