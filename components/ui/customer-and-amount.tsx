import { formatMoney } from "@/lib/money/money";
import { CELL, MOBILE_LABEL } from "./list-page";

/** A list row's customer under its object: the email, the customer id, or both. */
export function CustomerLine({ email, id }: { email: string | null; id: string | null }) {
  if (!email && !id) return null;
  return (
    <span className="mt-0.5 block text-xs break-all text-slate-600">
      <span className={MOBILE_LABEL}>Customer</span>
      {email}
      {email && id ? " · " : null}
      {id ? <span className="font-mono">{id}</span> : null}
    </span>
  );
}

/** A list row's amount cell: the invoice's amount due in its currency, a dash for none. */
export function AmountCell({ amount, currency }: { amount: number | null; currency: string | null }) {
  return (
    <td className={`${CELL} text-slate-700 tabular-nums sm:text-right sm:whitespace-nowrap`}>
      {amount !== null && currency ? (
        <>
          <span className={MOBILE_LABEL}>Amount</span>
          {formatMoney(amount, currency)}
        </>
      ) : (
        <span className="hidden text-slate-400 sm:inline">—</span>
      )}
    </td>
  );
}
