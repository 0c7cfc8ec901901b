// Amounts as people type them: major units of a currency ("500.00"), turned into Stripe's minor units
// and back, with the currency's own number of decimals (JPY none, BHD three).
import { minorUnitExponent } from "./money";

export type AmountParse = { ok: true; minor: number | null } | { ok: false; message: string };

/** "500.00" in USD → 50000; "1,000" in JPY → 1000; "" → null (no bound). */
export function parseMajorAmount(text: string, currency: string): AmountParse {
  const code = currency.toUpperCase();
  const digits = minorUnitExponent(currency);
  const cleaned = text.replace(/[\s,]/g, "");
  if (cleaned === "") return { ok: true, minor: null };
  if (cleaned.startsWith("-")) return { ok: false, message: "enter an amount of 0 or more" };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === "" && !match[2])) {
    return { ok: false, message: `enter an amount in ${code}, e.g. ${exampleAmount(currency)}` };
  }
  const whole = match[1] ?? "";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${code} amounts have no decimals: enter a whole number, e.g. ${exampleAmount(currency)}`
          : `${code} amounts have at most ${digits} decimals, e.g. ${exampleAmount(currency)}`,
    };
  }
  const minor = Number(whole || "0") * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (!Number.isSafeInteger(minor)) return { ok: false, message: "that amount is too large" };
  return { ok: true, minor };
}

/** 50000 in USD → "500.00"; 1000 in JPY → "1000" (what the amount input holds). */
export function formatMajorAmount(minor: number, currency: string): string {
  const digits = minorUnitExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor)));
  if (digits === 0) return `${sign}${text}`;
  const padded = text.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** "500.00" for USD, "500" for JPY, "500.000" for BHD: a hint in the currency's own format. */
export function exampleAmount(currency: string): string {
  return formatMajorAmount(500 * 10 ** minorUnitExponent(currency), currency);
}
