// Stripe amounts are integers in the currency's minor unit, and "minor unit" differs by currency:
// https://docs.stripe.com/currencies#zero-decimal and #three-decimal.
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** Digits after the decimal point in Stripe's amounts for this currency (0, 2 or 3). */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** minorUnitExponent(currency);
}

/** Settings' rates: default-currency units per ONE unit of the keyed currency ({ eur: 1.08 }). */
export type ExchangeRates = Record<string, number>;

function rateFor(exchangeRates: ExchangeRates, currency: string): number | null {
  const rate = exchangeRates[currency.toLowerCase()] ?? exchangeRates[currency.toUpperCase()];
  return typeof rate === "number" && Number.isFinite(rate) && rate > 0 ? rate : null;
}

/**
 * Converts an amount in `currency`'s minor units to the default currency's minor units,
 * going through major units so zero- and three-decimal currencies come out right.
 * Returns null when no rate is known: the caller must say so rather than guess.
 */
export function toDefaultCurrencyMinor(opts: {
  amount: number;
  currency: string;
  defaultCurrency: string;
  exchangeRates: ExchangeRates;
}): number | null {
  const { amount, currency, defaultCurrency, exchangeRates } = opts;
  if (currency.toLowerCase() === defaultCurrency.toLowerCase()) return amount;
  const rate = rateFor(exchangeRates, currency);
  if (rate === null) return null;
  const defaultMajor = minorToMajor(amount, currency) * rate;
  return Math.round(defaultMajor * 10 ** minorUnitExponent(defaultCurrency));
}

// Building an Intl.NumberFormat costs far more than using one (it dominated matching's profile:
// every trace describes its amount conditions), so each currency's formatter is built once.
const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  const code = currency.toUpperCase();
  let formatter = formatters.get(code);
  if (formatter === undefined) {
    const digits = minorUnitExponent(currency);
    try {
      formatter = new Intl.NumberFormat("en-US", {
        style: "currency",
        currency: code,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      formatter = null; // Intl refuses malformed codes
    }
    formatters.set(code, formatter);
  }
  return formatter;
}

/** "$100.00", "¥1,000", "BHD 1.500" — for people, never for storage. */
export function formatMoney(minor: number, currency: string): string {
  const major = minorToMajor(minor, currency);
  const formatter = formatterFor(currency);
  // Without a formatter (a malformed code), still show the amount.
  return formatter
    ? formatter.format(major)
    : `${major.toFixed(minorUnitExponent(currency))} ${currency.toUpperCase()}`;
}
