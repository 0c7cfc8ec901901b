import { z } from "zod";

// The Contract's action names; scripts and stored automations rely on them, so never rename one.
export const ACTION_NAMES = [
  "set_retry_policy",
  "mark_subscription_unpaid",
  "cancel_subscription",
  "mark_invoice_uncollectible",
  "send_team_email",
  "send_cancellation_email",
  "send_invoice_will_be_due_webhook",
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

export function isActionName(value: unknown): value is ActionName {
  return typeof value === "string" && (ACTION_NAMES as readonly string[]).includes(value);
}

// Units shared by delays and retry schedules (the Contract's list; seconds exist for tests).
export const DURATION_UNITS = ["seconds", "minutes", "hours", "days"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const SECONDS_PER_UNIT: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

export function durationInSeconds(amount: number, unit: DurationUnit): number {
  return amount * SECONDS_PER_UNIT[unit];
}

/**
 * An object that refuses unknown keys (a typo such as "surveyURL" must not be dropped silently)
 * and says which keys it takes.
 */
export function strictFields<Shape extends z.core.$ZodLooseShape>(shape: Shape, what: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const unknown = issue.keys.join(", ");
      return allowed.length === 0
        ? `${what} takes no params; remove ${unknown}`
        : `${unknown} is not a field of ${what}; allowed: ${allowed.join(", ")}`;
    },
  });
}

const unitSchema = z.enum(DURATION_UNITS, { error: `unit must be one of: ${DURATION_UNITS.join(", ")}` });

// Only http(s): a URL we POST to or put in a customer's email must not be javascript: or file:.
const httpUrl = (field: string) =>
  z.url({ protocol: /^https?$/, error: `${field} must be an http:// or https:// URL` });

const wholeUnits = "amount must be a whole number of units";
const retrySchema = strictFields(
  {
    amount: z.number({ error: wholeUnits }).int({ error: wholeUnits }).positive({ error: "amount must be at least 1" }),
    unit: unitSchema,
  },
  "a retry",
);

export const MAX_RETRIES = 10;
const retriesCount = `retries must list 1 to ${MAX_RETRIES} retries`;

export interface ActionDefinition {
  label: string;
  /** One line for the UI. */
  description: string;
  params: z.ZodType;
}

// Adding an action = one entry here (and one in each trigger's allowedActions that should offer it).
export const actionDefinitions = {
  set_retry_policy: {
    label: "Set retry policy",
    description: "Take over payment retries: turn Stripe's auto-advance off and retry the invoice on this schedule.",
    params: strictFields(
      {
        retries: z
          .array(retrySchema, { error: "retries must be a list of { amount, unit }" })
          .min(1, { error: retriesCount })
          .max(MAX_RETRIES, { error: retriesCount }),
      },
      "set_retry_policy params",
    ),
  },
  mark_subscription_unpaid: {
    label: "Mark subscription unpaid",
    // Stripe cannot set `unpaid` through the API; pausing collection as drafts is the equivalent.
    description: "Keep the subscription but leave its next invoices in draft (pause collection, keep as draft).",
    params: strictFields({}, "mark_subscription_unpaid"),
  },
  cancel_subscription: {
    label: "Cancel subscription",
    description: "Cancel the subscription now; the run stops after this step.",
    params: strictFields({}, "cancel_subscription"),
  },
  mark_invoice_uncollectible: {
    label: "Mark invoice uncollectible",
    description: "Write the invoice off as uncollectible.",
    params: strictFields({}, "mark_invoice_uncollectible"),
  },
  send_team_email: {
    label: "Send team email",
    description: "Email a memo and the event's details to internal addresses.",
    params: strictFields(
      {
        to: z
          .array(z.email({ error: "to must contain email addresses" }), {
            error: "to must be a list of email addresses",
          })
          .min(1, { error: "to must list at least one address (leave it out to use the team emails in settings)" })
          .optional(),
        memo: z
          .string({ error: "memo must be text" })
          .max(2000, { error: "memo must be at most 2000 characters" })
          .optional(),
      },
      "send_team_email params",
    ),
  },
  send_cancellation_email: {
    label: "Send cancellation email",
    description: "Email the customer that the subscription was canceled, with an optional survey link.",
    params: strictFields({ surveyUrl: httpUrl("surveyUrl").optional() }, "send_cancellation_email params"),
  },
  send_invoice_will_be_due_webhook: {
    label: "Send invoice.will_be_due webhook",
    description: "POST a signed invoice.will_be_due event to a URL, or to the endpoints in settings.",
    params: strictFields({ url: httpUrl("url").optional() }, "send_invoice_will_be_due_webhook params"),
  },
} as const satisfies Record<ActionName, ActionDefinition>;

export type ActionParams<A extends ActionName> = z.infer<(typeof actionDefinitions)[A]["params"]>;

/** Parses a stored step's params for the action that runs it (absent params = none); throws if invalid. */
export function parseActionParams<A extends ActionName>(action: A, params: unknown): ActionParams<A> {
  return actionDefinitions[action].params.parse(params ?? {}) as ActionParams<A>;
}

/** As parseActionParams, but null instead of throwing. */
export function safeParseActionParams<A extends ActionName>(action: A, params: unknown): ActionParams<A> | null {
  const parsed = actionDefinitions[action].params.safeParse(params ?? {});
  return parsed.success ? (parsed.data as ActionParams<A>) : null;
}
