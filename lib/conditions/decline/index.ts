// The decline condition: the kind of the invoice's last payment failure (hard: a retry cannot fix
// it; soft: it may), or its exact codes, so a team can stop retrying a card that will never pay.
// It reads the invoice: on subscription_canceled it never holds (warned beside the form, as for the
// other invoice conditions). Meant for subscription_payment_failed; on the other invoice triggers it
// holds only when a payment of the invoice has already failed.
import { z } from "zod";
import { listInWords } from "@/lib/format/words";
import { asRecord, idOf } from "@/lib/rules/facts";
import { oneOf, strictFields } from "@/lib/zod/strict-fields";
import { defineCondition, formValue, MAY_READ_STRIPE } from "../definition";
import { available, callLoader, NO_INVOICE, unavailable, type FactOutcome } from "../facts";
import { DECLINE_KINDS, declineKind, HARD_DECLINE_CODES, type DeclineKind } from "./codes";
import { invoicePaymentFailure, type PaymentFailure } from "./failure";

export { DECLINE_KINDS, HARD_DECLINE_CODES, SOFT_DECLINE_CODES, declineKind, type DeclineKind } from "./codes";
export type { PaymentFailure } from "./failure";

const MAX_DECLINE_CODES = 50;
const DECLINE_CODE = /^[a-z][a-z0-9_]*$/;

const declineCode = z
  .string({ error: "codes must be Stripe decline codes, as text (e.g. lost_card)" })
  .trim()
  .min(1, { error: "a decline code must not be empty" })
  .max(64, { error: "a decline code is at most 64 characters" })
  .regex(DECLINE_CODE, {
    error: "a decline code is lower-case letters, digits and underscores, as Stripe writes it (e.g. lost_card)",
  });

const schema = strictFields(
  {
    type: z.literal("decline"),
    kind: z.enum(DECLINE_KINDS, { error: oneOf("kind", DECLINE_KINDS) }).optional(),
    codes: z
      .array(declineCode, { error: 'codes must be a list of Stripe decline codes, e.g. ["lost_card", "stolen_card"]' })
      .min(1, { error: "codes must list at least one decline code" })
      .max(MAX_DECLINE_CODES, { error: `codes may list at most ${MAX_DECLINE_CODES} decline codes` })
      .optional(),
  },
  "a decline condition",
).superRefine((condition, ctx) => {
  if (condition.kind === undefined && condition.codes === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["kind"],
      message: 'set kind ("hard" or "soft") or codes (a list of decline codes such as lost_card)',
    });
  } else if (condition.kind !== undefined && condition.codes !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["codes"],
      message: "set kind or codes, not both: kind matches every hard (or soft) decline, codes only those listed",
    });
  }
});

const KIND_WORDS: Record<DeclineKind, { label: string; describe: string }> = {
  hard: { label: "Hard decline", describe: "a hard decline (a retry cannot fix it)" },
  soft: { label: "Soft decline", describe: "a soft decline (a retry may succeed)" },
};

/** The select's third value: the codes listed below it. */
const BY_CODES = "codes";

const isKind = (value: string): value is DeclineKind => (DECLINE_KINDS as readonly string[]).includes(value);

/** A recorded fact as a PaymentFailure, or null (none found, or not one). */
function recordedFailure(actual: unknown): PaymentFailure | null {
  const record = asRecord(actual);
  if (!record) return null;
  const code = typeof record.code === "string" ? record.code : null;
  const declineCode = typeof record.declineCode === "string" ? record.declineCode : null;
  const kind = typeof record.kind === "string" && isKind(record.kind) ? record.kind : null;
  return { code, declineCode, kind };
}

export const decline = defineCondition({
  label: "Payment decline",
  hint: "The invoice's last failed payment was a hard decline (lost or stolen card, fraud, a wrong or expired card: a retry cannot fix it), a soft one (e.g. insufficient funds), or one of these decline codes.",
  schema,
  readsInvoice: true,
  describe: (condition) =>
    condition.codes
      ? `The last payment failure was ${listInWords(condition.codes, "or")}`
      : `The last payment failure was ${KIND_WORDS[condition.kind ?? "hard"].describe}`,
  compile: (condition) =>
    condition.codes
      ? { fact: "lastPaymentFailure", operator: "declineCodeIn", value: condition.codes, priority: MAY_READ_STRIPE }
      : { fact: "lastPaymentFailure", operator: "declineKindIs", value: condition.kind, priority: MAY_READ_STRIPE },
  facts: {
    /**
     * Parameterless, so the almanac keeps it for the whole event: read at most once, whichever
     * automations ask. From the payload where it says (an invoice not yet attempted, an older
     * payload's expanded PaymentIntent or charge); else one read of the invoice's payments.
     */
    async lastPaymentFailure(ctx): Promise<FactOutcome<PaymentFailure | null>> {
      if (!ctx.isInvoice) return unavailable(NO_INVOICE);
      if (ctx.object.attempted === false) return available(null);
      const inPayload = invoicePaymentFailure(ctx.object);
      if (inPayload) return available(inPayload.failure, inPayload.incomplete);
      const id = idOf(ctx.object.id);
      if (!id) return unavailable("the invoice has no id");
      const load = ctx.loaders.paymentFailure;
      if (!load) return unavailable("the invoice's payments are not read from Stripe here");
      const answer = asRecord(await callLoader(ctx, "paymentFailure", () => load(id)));
      if (!answer) {
        const reason = ctx.unavailableReason;
        return unavailable(
          reason ? `could not read the payments of invoice ${id}: ${reason}` : `invoice ${id} was not found in Stripe`,
        );
      }
      const read = invoicePaymentFailure(answer);
      if (!read) return unavailable(`Stripe's answer for invoice ${id} did not list its payments`);
      return available(read.failure, read.incomplete);
    },
  },
  operators: {
    declineKindIs: (fact, expected) =>
      fact.unavailable === undefined && fact.value !== null && (fact.value as PaymentFailure).kind === expected,
    declineCodeIn(fact, expected) {
      if (fact.unavailable !== undefined || fact.value === null || !Array.isArray(expected)) return false;
      const { code, declineCode } = fact.value as PaymentFailure;
      return (declineCode !== null && expected.includes(declineCode)) || (code !== null && expected.includes(code));
    },
  },
  describeFound(actual) {
    const failure = recordedFailure(actual);
    if (!failure) return "found no payment failure";
    const name = failure.declineCode ?? failure.code;
    if (name === null) return "found a payment failure without a code";
    const kind = failure.kind ?? declineKind(failure);
    return `found ${name} (${kind ?? "not a decline"})`;
  },
  form: {
    layout: "stack",
    fields: [
      {
        kind: "select",
        name: "kind",
        label: "Last payment failure",
        options: (values) => {
          const listed = formValue.list(values.codes).length;
          return [
            ...DECLINE_KINDS.map((kind) => ({ value: kind, label: KIND_WORDS[kind].label })),
            { value: BY_CODES, label: listed > 0 ? `One of these ${listed} codes` : "One of these codes" },
          ];
        },
      },
      {
        kind: "chips",
        name: "codes",
        label: "Decline codes",
        hint: "With “One of these codes”: type a Stripe decline code (lost_card, insufficient_funds…) and press Enter or comma.",
        placeholder: "lost_card",
        itemName: "decline code",
      },
    ],
    toForm: (condition) =>
      condition.codes ? { kind: BY_CODES, codes: [...condition.codes] } : { kind: condition.kind ?? "hard", codes: [] },
    fromForm(values, path, _currency, issues) {
      const chosen = formValue.text(values.kind);
      const codes = formValue.list(values.codes);
      if (chosen === BY_CODES) return { type: "decline" as const, codes };
      if (codes.length > 0) {
        issues.push({
          path: `${path}.codes`,
          message: "remove these codes, or choose “One of these codes” to match them",
        });
      }
      // The select shows its first option until one is chosen.
      return { type: "decline" as const, kind: isKind(chosen) ? chosen : "hard" };
    },
    explain(values) {
      const chosen = formValue.text(values.kind);
      if (chosen === BY_CODES) {
        const codes = formValue.list(values.codes);
        return codes.length ? `Matches a last payment failure of ${listInWords(codes, "or")}.` : null;
      }
      if (chosen === "soft")
        return "Matches any decline that is not hard: insufficient funds, the issuer unavailable, a generic decline…";
      const first = HARD_DECLINE_CODES.slice(0, 4).join(", ");
      return `Matches ${first} and ${HARD_DECLINE_CODES.length - 4} other codes a retry cannot fix.`;
    },
  },
});
