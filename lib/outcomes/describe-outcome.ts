import { formatMoney } from "@/lib/money/money";
import { RECOVERY_WINDOW_DAYS, type OutcomeStatus } from "./attribution";

const plural = (value: number, unit: string) => `${value} ${unit}${value === 1 ? "" : "s"}`;

/** Hours as a person reads them: "40 minutes", "1 hour", "5.5 hours", and days from 48 hours on: "3.2 days". */
export function formatHours(hours: number): string {
  if (hours < 1) return plural(Math.max(1, Math.round(hours * 60)), "minute");
  if (hours < 48) return plural(Number(hours.toFixed(1)), "hour");
  return plural(Number((hours / 24).toFixed(1)), "day");
}

/** A run's outcome in one sentence, for its page. */
export function describeOutcome(outcome: {
  status: string;
  recoveredAmount: number | null;
  recoveredCurrency: string | null;
  amountPaid: number | null;
  paidCurrency: string | null;
  secondsToRecover: number | null;
}): string {
  const paid =
    outcome.amountPaid !== null && outcome.paidCurrency ? formatMoney(outcome.amountPaid, outcome.paidCurrency) : null;
  switch (outcome.status as OutcomeStatus) {
    case "recovered": {
      const converted =
        outcome.recoveredAmount !== null &&
        outcome.recoveredCurrency &&
        outcome.recoveredCurrency !== outcome.paidCurrency
          ? ` (${formatMoney(outcome.recoveredAmount, outcome.recoveredCurrency)})`
          : "";
      const after =
        outcome.secondsToRecover === null ? "" : ` ${formatHours(outcome.secondsToRecover / 3600)} after the match`;
      return `Recovered: ${paid ?? "paid"}${converted}${after}`;
    }
    case "paid_late":
      return `Paid${paid ? ` ${paid}` : ""} more than ${RECOVERY_WINDOW_DAYS} days after the run ended: not counted as recovered`;
    case "written_off":
      return "Written off (marked uncollectible)";
    case "voided":
      return "Voided";
    case "canceled":
      return "Subscription canceled";
    case "open":
    default:
      return `Open: followed until the invoice is paid, written off or voided, and for ${RECOVERY_WINDOW_DAYS} days after the run ends`;
  }
}
