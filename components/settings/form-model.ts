// The settings form's values, and the bridge between them and the settings schema: the browser
// validates with the same zod schema the server action (through updateSettings) and the API use,
// and every issue, from either side, lands next to the input it is about.
import { settingsSchema, type Settings } from "@/lib/settings/settings";

export interface ListItem {
  /** Stable across edits, so React keeps each input (and its focus) when rows come and go. */
  id: string;
  value: string;
}

export interface RateRow {
  id: string;
  currency: string;
  rate: string;
}

export interface SettingsFormValues {
  defaultCurrency: string;
  rates: RateRow[];
  teamEmails: ListItem[];
  webhookEndpoints: ListItem[];
  timeZone: string;
}

type ListName = "teamEmails" | "webhookEndpoints";

/**
 * Where an error is shown: `defaultCurrency`; `rates` (the table as a whole) or
 * `rates.<rowId>.currency` / `rates.<rowId>.rate`; `teamEmails` or `teamEmails.<itemId>` (the same
 * for webhookEndpoints); `form` for anything that belongs to no field.
 */
export type FieldErrors = Record<string, string>;

/** The shape of an issue from zod or from the server action (`{ path: "teamEmails.0", message }`). */
interface Issue {
  path: string;
  message: string;
}

let lastId = 0;
/** An id for a row added in the browser (rows from saved settings are numbered by position). */
export function newRowId(): string {
  lastId += 1;
  return `new${lastId}`;
}

const normalizeCurrency = (code: string) => code.trim().toLowerCase();
const isCurrencyCode = (code: string) => /^[a-z]{3}$/.test(normalizeCurrency(code));

export function toFormValues(settings: Settings): SettingsFormValues {
  return {
    defaultCurrency: settings.defaultCurrency.toUpperCase(),
    rates: Object.entries(settings.exchangeRates)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, rate], index) => ({
        id: `saved${index}`,
        currency: currency.toUpperCase(),
        rate: String(rate),
      })),
    // Ids by position, not from a counter: the server's render and the browser's must agree.
    teamEmails: settings.teamEmails.map((value, index) => ({ id: `saved${index}`, value })),
    webhookEndpoints: settings.webhookEndpoints.map((value, index) => ({ id: `saved${index}`, value })),
    timeZone: settings.timeZone,
  };
}

/** The ids of the form's inputs in the order they appear, so the first one in error can take focus. */
export function fieldOrder(values: SettingsFormValues): string[] {
  return [
    "defaultCurrency",
    ...values.rates.flatMap((row) => [`rates.${row.id}.currency`, `rates.${row.id}.rate`]),
    "rates",
    ...values.teamEmails.map((item) => `teamEmails.${item.id}`),
    "teamEmails",
    ...values.webhookEndpoints.map((item) => `webhookEndpoints.${item.id}`),
    "webhookEndpoints",
    "timeZone",
  ];
}

interface Candidate {
  /** What is sent: the full settings object, before the schema has normalised it. */
  input: {
    defaultCurrency: string;
    exchangeRates: Record<string, number>;
    teamEmails: string[];
    webhookEndpoints: string[];
    timeZone: string;
  };
  /** Problems the schema cannot see: a rate that is not a number, a currency listed twice. */
  localErrors: FieldErrors;
  /** List item ids in the order of the arrays sent (blank items are left out), to place `teamEmails.3`. */
  sentItemIds: Record<ListName, string[]>;
}

function buildCandidate(values: SettingsFormValues): Candidate {
  const localErrors: FieldErrors = {};
  const exchangeRates: Record<string, number> = {};
  const seen = new Map<string, string>();
  const defaultCurrency = normalizeCurrency(values.defaultCurrency);
  for (const row of values.rates) {
    const currency = row.currency.trim();
    const rateText = row.rate.trim();
    if (!currency && !rateText) continue; // an untouched new row
    const code = normalizeCurrency(currency);
    if (!currency) localErrors[`rates.${row.id}.currency`] = "enter a three-letter currency code such as EUR";
    else if (seen.has(code)) localErrors[`rates.${row.id}.currency`] = `${code.toUpperCase()} is already listed above`;
    else if (code === defaultCurrency)
      localErrors[`rates.${row.id}.currency`] = "this is the default currency, which needs no rate: remove the row";
    const rate = Number(rateText);
    if (!rateText) localErrors[`rates.${row.id}.rate`] = "enter a rate";
    else if (!Number.isFinite(rate)) localErrors[`rates.${row.id}.rate`] = "must be a number such as 1.08";
    if (currency) seen.set(code, row.id);
    if (!localErrors[`rates.${row.id}.currency`] && !localErrors[`rates.${row.id}.rate`]) {
      exchangeRates[currency] = rate;
    }
  }
  const sentItemIds: Record<ListName, string[]> = { teamEmails: [], webhookEndpoints: [] };
  const list = (name: ListName) =>
    values[name].flatMap((item) => {
      const value = item.value.trim();
      if (!value) return [];
      sentItemIds[name].push(item.id);
      return [value];
    });
  return {
    input: {
      defaultCurrency: values.defaultCurrency,
      exchangeRates,
      teamEmails: list("teamEmails"),
      webhookEndpoints: list("webhookEndpoints"),
      timeZone: values.timeZone,
    },
    localErrors,
    sentItemIds,
  };
}

/** Which field an issue's path (`exchangeRates.eur`, `teamEmails.0`) belongs to. */
function fieldFor(path: string, values: SettingsFormValues, sentItemIds: Record<ListName, string[]>): string {
  const [head, ...rest] = path.split(".");
  const tail = rest.join(".");
  if (head === "defaultCurrency") return "defaultCurrency";
  if (head === "timeZone") return "timeZone";
  if (head === "exchangeRates") {
    if (!tail) return "rates";
    const row = values.rates.find((candidate) => normalizeCurrency(candidate.currency) === normalizeCurrency(tail));
    if (!row) return "rates";
    // A key that is not a currency code is the currency's fault; anything else is about the rate.
    return isCurrencyCode(tail) ? `rates.${row.id}.rate` : `rates.${row.id}.currency`;
  }
  if (head === "teamEmails" || head === "webhookEndpoints") {
    const id = /^\d+$/.test(tail) ? sentItemIds[head][Number(tail)] : undefined;
    return id ? `${head}.${id}` : head;
  }
  return "form";
}

/** Places issues next to their fields; the first issue for a field wins. */
export function placeIssues(issues: readonly Issue[], values: SettingsFormValues): FieldErrors {
  const { sentItemIds } = buildCandidate(values);
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldFor(issue.path, values, sentItemIds);
    errors[field] ??= issue.message;
  }
  return errors;
}

export type Validation = { ok: true; settings: Settings } | { ok: false; errors: FieldErrors };

/** Validates the form with the settings schema, as the server will. */
export function validateSettingsForm(values: SettingsFormValues): Validation {
  const { input, localErrors, sentItemIds } = buildCandidate(values);
  const parsed = settingsSchema.safeParse(input);
  const errors: FieldErrors = { ...localErrors };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A bad record key reports "Invalid key in record"; the key's own schema says what is wrong.
      const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      const field = fieldFor(issue.path.map(String).join("."), values, sentItemIds);
      errors[field] ??= message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}
