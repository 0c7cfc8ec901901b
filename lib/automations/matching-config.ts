import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { getSettings, type Settings } from "@/lib/settings/settings";
import type { Trigger } from "@/lib/triggers";
import { listMatchableAutomations, type MatchableAutomations } from "./list-automations";

/** The stamp, as a column of the statement that claims an event (`RETURNING …, CONFIG_STAMP`). */
export const CONFIG_STAMP = Prisma.sql`(SELECT "stamp" FROM "ConfigStamp" WHERE "key" = 'matching') AS "configStamp"`;

/** What matching reads besides the event: the trigger's automations and the settings. */
export interface MatchingConfig {
  automations(trigger: Trigger): Promise<MatchableAutomations>;
  settings(): Promise<Settings>;
}

interface Kept {
  stamp: string;
  automations: Map<Trigger, Promise<MatchableAutomations>>;
  settings?: Promise<Settings>;
}

// One per database client: tests and the bench open several databases in one process.
const keptByDb = new WeakMap<Db, Kept>();

/**
 * The automations and settings matching uses, read once per ConfigStamp: the database gives that
 * stamp a new random value in the same transaction as any write to an automation or the settings
 * (triggers in the migration), and matching reads it in the statement that claims an event. What
 * is kept under a stamp was read after the stamp was, so it is never older than the claim's view:
 * a pause committed before the claim is always seen, whichever process or statement wrote it.
 * Without a stamp (the row removed) nothing is kept and every read goes to the database.
 */
export function matchingConfig(db: Db, stamp: string | null): MatchingConfig {
  if (stamp === null) {
    return { automations: (trigger) => listMatchableAutomations(db, trigger), settings: () => getSettings(db) };
  }
  let kept = keptByDb.get(db);
  if (!kept || kept.stamp !== stamp) {
    kept = { stamp, automations: new Map() };
    keptByDb.set(db, kept);
  }
  const current = kept;
  return {
    automations(trigger) {
      let read = current.automations.get(trigger);
      if (!read) {
        // Kept as a promise, so events matched at once share one read; a failed read is not kept.
        read = listMatchableAutomations(db, trigger);
        current.automations.set(trigger, read);
        read.catch(() => current.automations.delete(trigger));
      }
      return read;
    },
    settings() {
      if (!current.settings) {
        const read = getSettings(db);
        current.settings = read;
        read.catch(() => {
          if (current.settings === read) current.settings = undefined;
        });
      }
      return current.settings;
    },
  };
}
