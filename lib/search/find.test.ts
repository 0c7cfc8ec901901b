import { describe, expect, it } from "vitest";
import { findFromParams, findTarget } from "./find";

describe("findTarget", () => {
  it("reads the kind of a Stripe id from its prefix, and an email in lower case", () => {
    expect(findTarget(" in_123 ")).toEqual({ kind: "invoice", value: "in_123" });
    expect(findTarget("sub_1")).toEqual({ kind: "subscription", value: "sub_1" });
    expect(findTarget("cus_1")).toEqual({ kind: "customer", value: "cus_1" });
    expect(findTarget("evt_1")).toEqual({ kind: "event", value: "evt_1" });
    expect(findTarget("Jane@Example.COM")).toEqual({ kind: "email", value: "jane@example.com" });
    expect(findTarget("cmabc123")).toEqual({ kind: "other", value: "cmabc123" });
  });
});

describe("findFromParams", () => {
  it("turns typed amounts into minor units of the default currency, and a day picked as 'to' into its end", () => {
    expect(findFromParams({ amountMin: "100", amountMax: "1,250.50", to: "2026-11-30" }, "usd")).toEqual({
      ok: true,
      find: {
        q: undefined,
        from: undefined,
        to: "2026-11-30T23:59:59.999Z",
        amountMin: 10_000,
        amountMax: 125_050,
        currency: "usd",
      },
    });
    expect(findFromParams({ amountMin: "500" }, "jpy")).toMatchObject({ find: { amountMin: 500, currency: "jpy" } });
  });

  it("names the amount field that does not read", () => {
    expect(findFromParams({ amountMax: "ten" }, "usd")).toEqual({
      ok: false,
      message: "Amount to: enter an amount in USD, e.g. 500.00",
    });
  });

  it("leaves the currency out when no amount is searched", () => {
    expect(findFromParams({ q: "in_1" }, "usd")).toMatchObject({ ok: true, find: { q: "in_1", currency: undefined } });
  });
});
