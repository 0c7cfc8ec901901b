import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";

const currencyCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, "must be a three-letter ISO currency code such as usd");

/** Whether the runtime knows the zone (IANA names such as Europe/Paris, and UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const settingsSchema = z.object({
  defaultCurrency: currencyCode,
  /** Default-currency units per ONE unit of the keyed currency: { "eur": 1.08 } with a USD default. */
  exchangeRates: z.record(currencyCode, z.number().positive("must be a positive number")),
  teamEmails: z.array(z.email("must be an email address")).max(50),
  webhookEndpoints: z.array(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })).max(20),
  /** The team's time zone: every time in the UI is shown in it, and the lists' days are its days. */
  timeZone: z
    .string()
    .trim()
    .refine(isTimeZone, { error: "must be a time zone such as UTC, Europe/Paris or America/New_York" }),
});

export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial();

const DEFAULT_SETTINGS: Settings = {
  defaultCurrency: "usd",
  exchangeRates: {},
  teamEmails: [],
  webhookEndpoints: [],
  timeZone: "UTC",
};

export const SETTINGS_ID = "default";

export async function getSettings(db: Db | Tx): Promise<Settings> {
  const row = await db.settings.findUnique({ where: { id: SETTINGS_ID } });
  if (!row) return DEFAULT_SETTINGS;
  const parsed = settingsSchema.safeParse({
    defaultCurrency: row.defaultCurrency,
    exchangeRates: row.exchangeRates,
    teamEmails: row.teamEmails,
    webhookEndpoints: row.webhookEndpoints,
    timeZone: row.timeZone,
  });
  // A row written by an older version that no longer validates falls back field by field to defaults.
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS, defaultCurrency: row.defaultCurrency };
}
