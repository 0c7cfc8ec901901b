import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { warningsFor } from "@/lib/automations/schema";
import { conditionSchema, describeCondition, type Condition } from "@/lib/conditions";
import type { FactLoaders } from "@/lib/conditions/facts";
import { evaluateAutomations, type EvaluateAutomationsOptions } from "@/lib/rules/evaluate-automations";
import { eventDataObject, type StripeObject } from "@/lib/rules/facts";
import type { Trigger } from "@/lib/triggers";
import {
  decline,
  declineKind,
  DECLINE_KINDS,
  HARD_DECLINE_CODES,
  SOFT_DECLINE_CODES,
  type PaymentFailure,
} from "./index";
import { CARD_DECLINE_ERROR_CODES } from "./codes";
import { chargeFailure, intentFailure, invoicePaymentFailure } from "./failure";

const fixtures = path.resolve(__dirname, "../../samples/fixtures");
const fixture = (relativePath: string): StripeObject =>
  JSON.parse(readFileSync(path.join(fixtures, relativePath), "utf8")) as StripeObject;
const fixtureObject = (relativePath: string): StripeObject => {
  const object = eventDataObject(fixture(relativePath));
  if (!object) throw new Error(`no data.object in ${relativePath}`);
  return object;
};

/** The recorded basil invoice of a failed payment (pay-rails): it names no PaymentIntent. */
const basilFailed = () => fixtureObject("pay-rails/invoice.payment_failed.json");
/** A recorded 2020-03-02 invoice (stripe-sync-engine), which names its PaymentIntent and charge. */
const legacyInvoice = () => fixtureObject("stripe-sync-engine/invoice_finalized.json");
/** Stripe's recorded PaymentIntent (openapi fixtures), with the last attempt declined as `declineCode`. */
function declinedIntent(code: string, declineCode?: string): StripeObject {
  return {
    ...fixture("openapi/payment_intent.json"),
    status: "requires_payment_method",
    last_payment_error: { type: "card_error", code, ...(declineCode ? { decline_code: declineCode } : {}) },
  };
}
/** Stripe's recorded charge (openapi fixtures), failed as an issuer decline. */
function declinedCharge(declineCode: string): StripeObject {
  const charge = fixture("openapi/charge.json");
  return {
    ...charge,
    status: "failed",
    paid: false,
    failure_code: "card_declined",
    outcome: { ...(charge.outcome as object), type: "issuer_declined", reason: declineCode },
  };
}
/** Stripe's answer to the invoice read with its payments expanded. */
function invoiceWithPayments(...intents: StripeObject[]): StripeObject {
  const payment = fixture("openapi/invoice_payment.json");
  return {
    ...basilFailed(),
    payments: {
      object: "list",
      has_more: false,
      data: intents.map((intent, index) => ({
        ...payment,
        id: `inpay_${index}`,
        created: 1000 + index,
        payment: { type: "payment_intent", payment_intent: intent },
      })),
    },
  };
}

const parse = (input: unknown) => conditionSchema.safeParse(input);
const issues = (input: unknown) => {
  const result = parse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
};

describe("decline: schema", () => {
  it("takes a kind or a list of codes", () => {
    expect(parse({ type: "decline", kind: "hard" })).toMatchObject({ success: true, data: { kind: "hard" } });
    expect(parse({ type: "decline", kind: "soft" }).success).toBe(true);
    expect(parse({ type: "decline", codes: [" lost_card", "stolen_card"] })).toMatchObject({
      success: true,
      data: { type: "decline", codes: ["lost_card", "stolen_card"] },
    });
  });

  it("refuses neither, both, and kinds or codes Stripe does not have, naming the field", () => {
    expect(issues({ type: "decline" })).toEqual([
      { path: "kind", message: 'set kind ("hard" or "soft") or codes (a list of decline codes such as lost_card)' },
    ]);
    expect(issues({ type: "decline", kind: "hard", codes: ["lost_card"] })).toEqual([
      {
        path: "codes",
        message: "set kind or codes, not both: kind matches every hard (or soft) decline, codes only those listed",
      },
    ]);
    expect(issues({ type: "decline", kind: "permanent" })).toEqual([
      { path: "kind", message: "kind must be one of: hard, soft" },
    ]);
    expect(issues({ type: "decline", codes: [] })).toEqual([
      { path: "codes", message: "codes must list at least one decline code" },
    ]);
    expect(issues({ type: "decline", codes: "lost_card" })[0]?.path).toBe("codes");
    expect(issues({ type: "decline", codes: ["lost_card", "Lost Card"] })).toEqual([
      {
        path: "codes.1",
        message: "a decline code is lower-case letters, digits and underscores, as Stripe writes it (e.g. lost_card)",
      },
    ]);
    expect(issues({ type: "decline", codes: ["lost_card", 7] })[0]?.path).toBe("codes.1");
    expect(issues({ type: "decline", codes: Array.from({ length: 51 }, (_, i) => `code_${i}`) })[0]?.path).toBe(
      "codes",
    );
    expect(issues({ type: "decline", kind: "hard", retry: false })).toEqual([
      { path: "", message: "retry is not a field of a decline condition; allowed: type, kind, codes" },
    ]);
  });
});

describe("decline: codes", () => {
  it("classifies every hard code as hard and Stripe's documented soft ones as soft", () => {
    for (const code of HARD_DECLINE_CODES)
      expect(declineKind({ code: "card_declined", declineCode: code })).toBe("hard");
    for (const code of SOFT_DECLINE_CODES)
      expect(declineKind({ code: "card_declined", declineCode: code })).toBe("soft");
    expect(HARD_DECLINE_CODES.filter((code) => (SOFT_DECLINE_CODES as readonly string[]).includes(code))).toEqual([]);
  });

  it("reads Stripe's code when it gives no decline_code", () => {
    expect(declineKind({ code: "expired_card", declineCode: null })).toBe("hard");
    expect(declineKind({ code: "incorrect_cvc", declineCode: null })).toBe("hard");
    expect(declineKind({ code: "card_declined", declineCode: null })).toBe("soft");
    expect(declineKind({ code: "processing_error", declineCode: null })).toBe("soft");
    for (const code of CARD_DECLINE_ERROR_CODES) expect(declineKind({ code, declineCode: null })).not.toBeNull();
  });

  it("calls any other decline code soft, and a failure that is no decline neither", () => {
    expect(declineKind({ code: "card_declined", declineCode: "a_code_stripe_adds_later" })).toBe("soft");
    expect(declineKind({ code: "payment_intent_authentication_failure", declineCode: null })).toBeNull();
    expect(declineKind({ code: null, declineCode: null })).toBeNull();
  });
});

describe("decline: words", () => {
  it("describes each shape", () => {
    expect(describeCondition({ type: "decline", kind: "hard" }, "usd")).toBe(
      "The last payment failure was a hard decline (a retry cannot fix it)",
    );
    expect(describeCondition({ type: "decline", kind: "soft" }, "usd")).toBe(
      "The last payment failure was a soft decline (a retry may succeed)",
    );
    expect(describeCondition({ type: "decline", codes: ["lost_card", "stolen_card"] }, "usd")).toBe(
      "The last payment failure was lost_card or stolen_card",
    );
    expect(describeCondition({ type: "decline", codes: ["lost_card"] }, "usd")).toBe(
      "The last payment failure was lost_card",
    );
  });

  it("says what the trace found", () => {
    const found = (failure: unknown) => decline.describeFound(failure, "usd");
    expect(found({ code: "card_declined", declineCode: "lost_card", kind: "hard" })).toBe("found lost_card (hard)");
    expect(found({ code: "card_declined", declineCode: "insufficient_funds", kind: "soft" })).toBe(
      "found insufficient_funds (soft)",
    );
    expect(found({ code: "expired_card", declineCode: null, kind: "hard" })).toBe("found expired_card (hard)");
    expect(found({ code: "payment_intent_authentication_failure", declineCode: null, kind: null })).toBe(
      "found payment_intent_authentication_failure (not a decline)",
    );
    expect(found({ code: null, declineCode: null, kind: null })).toBe("found a payment failure without a code");
    expect(found(null)).toBe("found no payment failure");
    expect(found("garbage")).toBe("found no payment failure");
  });
});

describe("decline: compile", () => {
  it("asks for the one shared fact, after the payload's conditions", () => {
    expect(decline.compile({ type: "decline", kind: "hard" })).toEqual({
      fact: "lastPaymentFailure",
      operator: "declineKindIs",
      value: "hard",
      priority: 1,
    });
    expect(decline.compile({ type: "decline", codes: ["lost_card"] })).toEqual({
      fact: "lastPaymentFailure",
      operator: "declineCodeIn",
      value: ["lost_card"],
      priority: 1,
    });
  });

  it("reads the invoice: warned on subscription triggers like the other invoice conditions", () => {
    expect(decline.readsInvoice).toBe(true);
    const steps = [{ type: "action", action: "send_team_email", params: { to: ["ops@example.com"] } }] as const;
    const conditions: Condition[] = [hard, { type: "subscription_metadata", key: "plan", value: "gold" }];
    expect(warningsFor({ trigger: "subscription_canceled", conditions, steps: [...steps] })).toEqual([
      "conditions.0 (decline) never holds on subscription_canceled: there is no invoice on this trigger",
    ]);
    expect(warningsFor({ trigger: "subscription_payment_failed", conditions, steps: [...steps] })).toEqual([]);
  });
});

describe("decline: reading the failure", () => {
  it("from a PaymentIntent's last_payment_error, a failed charge, or an invoice's payments", () => {
    expect(intentFailure(declinedIntent("card_declined", "lost_card"))).toEqual({
      code: "card_declined",
      declineCode: "lost_card",
      kind: "hard",
    });
    expect(intentFailure(fixture("openapi/payment_intent.json"))).toEqual({
      code: null,
      declineCode: null,
      kind: null,
    });
    expect(intentFailure({ ...fixture("openapi/payment_intent.json"), last_payment_error: null })).toBeNull();
    expect(chargeFailure(declinedCharge("stolen_card"))).toEqual({
      code: "card_declined",
      declineCode: "stolen_card",
      kind: "hard",
    });
    expect(chargeFailure(fixture("openapi/charge.json"))).toBeNull();
    // The newest payment's failure.
    const answer = invoiceWithPayments(declinedIntent("card_declined", "lost_card"), declinedIntent("expired_card"));
    expect(invoicePaymentFailure(answer)).toEqual({
      failure: { code: "expired_card", declineCode: null, kind: "hard" },
    });
  });

  it("says when the payload does not say: basil names no payment, older payloads name it by id", () => {
    expect(invoicePaymentFailure(basilFailed())).toBeUndefined();
    expect(invoicePaymentFailure({ ...legacyInvoice(), payment_intent: "pi_1" })).toBeUndefined();
    expect(invoicePaymentFailure(invoiceWithPayments())).toEqual({ failure: null });
    // An older invoice with neither a PaymentIntent nor a charge was never charged.
    expect(invoicePaymentFailure(legacyInvoice())).toEqual({ failure: null });
  });
});

// ---- the fact, through matching -----------------------------------------------------------------

const hard: Condition = { type: "decline", kind: "hard" };
const soft: Condition = { type: "decline", kind: "soft" };
const lostOrStolen: Condition = { type: "decline", codes: ["lost_card", "stolen_card"] };

function loadersAnswering(answer: StripeObject | null) {
  const calls: string[] = [];
  const loaders: FactLoaders = {
    customer: async () => null,
    subscription: async () => null,
    paymentFailure: async (invoiceId) => {
      calls.push(invoiceId);
      return answer;
    },
  };
  return { loaders, calls };
}

function match(
  object: StripeObject,
  conditionLists: Condition[][],
  options: Partial<EvaluateAutomationsOptions> & { trigger?: Trigger } = {},
) {
  return evaluateAutomations({
    trigger: "subscription_payment_failed",
    object,
    loaders: loadersAnswering(null).loaders,
    settings: { defaultCurrency: "usd", exchangeRates: {} },
    automations: conditionLists.map((conditions, index) => ({
      id: `aut_${index + 1}`,
      name: `Automation ${index + 1}`,
      priority: index + 1,
      conditions,
    })),
    ...options,
  });
}

describe("decline: the fact", () => {
  it("reads a basil invoice's payments once, even when several automations ask", async () => {
    const { loaders, calls } = loadersAnswering(invoiceWithPayments(declinedIntent("card_declined", "lost_card")));
    const trace = await match(basilFailed(), [[soft], [lostOrStolen, hard]], { loaders });

    expect(trace.matchedAutomationId).toBe("aut_2");
    expect(calls).toEqual(["in_1234"]);
    expect(trace.stripeReads).toEqual({ customer: 0, subscription: 0, paymentFailure: 1 });
    const found = { code: "card_declined", declineCode: "lost_card", kind: "hard" } satisfies PaymentFailure;
    expect(trace.checked.map((checked) => checked.conditions.map((condition) => condition.actual))).toEqual([
      [found],
      [found, found],
    ]);
    expect(trace.checked[0]?.conditions[0]).toMatchObject({ expected: "soft", passed: false });
  });

  it("reads an older payload's expanded PaymentIntent or charge without a read", async () => {
    const { loaders, calls } = loadersAnswering(null);
    const withIntent = await match(
      { ...legacyInvoice(), payment_intent: declinedIntent("card_declined", "insufficient_funds") },
      [[hard], [soft]],
      { loaders },
    );
    expect(withIntent.matchedAutomationId).toBe("aut_2");
    const withCharge = await match({ ...legacyInvoice(), charge: declinedCharge("stolen_card") }, [[lostOrStolen]], {
      loaders,
    });
    expect(withCharge.matchedAutomationId).toBe("aut_1");
    expect(calls).toEqual([]);
    expect(withCharge.stripeReads).toEqual({ customer: 0, subscription: 0 });
  });

  it("reads once for an older payload that names its PaymentIntent by id", async () => {
    const { loaders, calls } = loadersAnswering(invoiceWithPayments(declinedIntent("expired_card", "expired_card")));
    const trace = await match({ ...legacyInvoice(), id: "in_legacy", payment_intent: "pi_1" }, [[hard]], { loaders });
    expect(trace.matchedAutomationId).toBe("aut_1");
    expect(calls).toEqual(["in_legacy"]);
  });

  it("finds no failure, without a read, on an invoice not attempted yet or never charged", async () => {
    const { loaders, calls } = loadersAnswering(null);
    const notAttempted = await match({ ...basilFailed(), attempted: false }, [[hard], [soft]], {
      trigger: "invoice_finalized",
      loaders,
    });
    expect(notAttempted.matchedAutomationId).toBeNull();
    expect(notAttempted.checked[0]?.conditions[0]).toMatchObject({ actual: null, passed: false });
    const neverCharged = await match(fixtureObject("stripe-sync-engine/invoice_paid.json"), [[lostOrStolen]], {
      trigger: "invoice_finalized",
      loaders,
    });
    expect(neverCharged.checked[0]?.conditions[0]).toMatchObject({ actual: null, passed: false });
    expect(calls).toEqual([]);
  });

  it("matches Stripe's code when the failure has no decline code", async () => {
    const { loaders } = loadersAnswering(invoiceWithPayments(declinedIntent("incorrect_cvc")));
    const trace = await match(basilFailed(), [[{ type: "decline", codes: ["incorrect_cvc"] }]], { loaders });
    expect(trace.matchedAutomationId).toBe("aut_1");
  });

  it("is unavailable with a reason in dry-run, on subscription triggers, and without a loader", async () => {
    const dryRun = await match(basilFailed(), [[hard]], {
      unavailableReason: "not read in dry-run mode (no STRIPE_SECRET_KEY)",
    });
    expect(dryRun.checked[0]?.conditions[0]).toMatchObject({
      passed: false,
      actual: null,
      unavailable: "could not read the payments of invoice in_1234: not read in dry-run mode (no STRIPE_SECRET_KEY)",
    });
    expect(dryRun.stripeReads).toEqual({ customer: 0, subscription: 0, paymentFailure: 1 });

    const canceled = await match(fixtureObject("stripe-sync-engine/subscription_deleted.json"), [[hard]], {
      trigger: "subscription_canceled",
    });
    expect(canceled.checked[0]?.conditions[0]?.unavailable).toBe("no invoice on this trigger");

    const noLoader = await match(basilFailed(), [[hard]], {
      loaders: { customer: async () => null, subscription: async () => null },
    });
    expect(noLoader.checked[0]?.conditions[0]?.unavailable).toBe(
      "the invoice's payments are not read from Stripe here",
    );
  });

  it("stops matching when the read fails instead of falling through", async () => {
    const loaders: FactLoaders = {
      customer: async () => null,
      subscription: async () => null,
      paymentFailure: () => Promise.reject(new Error("Stripe is down")),
    };
    await expect(match(basilFailed(), [[hard], []], { loaders })).rejects.toThrow(
      "reading the invoice's payments from Stripe failed while matching automations",
    );
  });
});

describe("decline: form", () => {
  const { form } = decline;

  it("round-trips each shape through the form", () => {
    const conditions: Array<z.output<typeof decline.schema>> = [
      { type: "decline", kind: "hard" },
      { type: "decline", kind: "soft" },
      { type: "decline", codes: ["lost_card", "stolen_card"] },
    ];
    for (const condition of conditions) {
      const issues: { path: string; message: string }[] = [];
      expect(form.fromForm(form.toForm(condition, "usd"), "conditions.0", "usd", issues)).toEqual(condition);
      expect(issues).toEqual([]);
    }
  });

  it("reads an untouched select as its first option, hard", () => {
    const issues: { path: string; message: string }[] = [];
    expect(form.fromForm({ kind: "", codes: [] }, "conditions.0", "usd", issues)).toEqual({
      type: "decline",
      kind: "hard",
    });
  });

  it("does not drop codes silently when the kind is not “these codes”", () => {
    const issues: { path: string; message: string }[] = [];
    form.fromForm({ kind: "soft", codes: ["lost_card"] }, "conditions.2", "usd", issues);
    expect(issues).toEqual([
      { path: "conditions.2.codes", message: "remove these codes, or choose “One of these codes” to match them" },
    ]);
  });

  it("offers hard, soft and codes, counting the codes typed", () => {
    const select = form.fields.find((field) => field.kind === "select");
    if (select?.kind !== "select") throw new Error("no select");
    expect(select.options({ codes: [] }).map((option) => option.value)).toEqual([...DECLINE_KINDS, "codes"]);
    expect(select.options({ codes: ["lost_card", "stolen_card"] }).at(-1)?.label).toBe("One of these 2 codes");
    expect(form.fields.map((field) => [field.kind, field.name])).toEqual([
      ["select", "kind"],
      ["chips", "codes"],
    ]);
  });

  it("explains the choice in a line", () => {
    expect(form.explain?.({ kind: "codes", codes: ["lost_card", "stolen_card"] })).toBe(
      "Matches a last payment failure of lost_card or stolen_card.",
    );
    expect(form.explain?.({ kind: "codes", codes: [] })).toBeNull();
    expect(form.explain?.({ kind: "hard", codes: [] })).toMatch(
      /^Matches lost_card, stolen_card, pickup_card, fraudulent and \d+ other codes/,
    );
  });
});
