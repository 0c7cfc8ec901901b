// The holdout: a share of an automation's matches that start no run, so that what the automation
// recovers can be compared with what Stripe's own settings recover without it.
import { createHash } from "node:crypto";

/** What the match trace says of a held-out match. */
export const HELD_OUT_SUMMARY = "held out: Stripe's default settings apply";

/**
 * Whether this object is in the automation's holdout. Deterministic — the same object always lands
 * the same way, so a redelivery or a replay decides alike — and salted with the automation, so one
 * automation's holdout is not every automation's holdout.
 */
export function isHeldOut(automation: { id: string; holdoutPercent: number }, objectId: string): boolean {
  if (automation.holdoutPercent <= 0) return false;
  const digest = createHash("sha256").update(`${automation.id}:${objectId}`).digest();
  // 10,000 buckets: a percent is a whole number, so the share is exact up to the hash's uniformity.
  return digest.readUInt32BE(0) % 10_000 < automation.holdoutPercent * 100;
}
