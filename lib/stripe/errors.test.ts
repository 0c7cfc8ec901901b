import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { classifyStripeError, isStripeNotFound, parseRetryAfter } from "@/lib/stripe/errors";

const { errors } = Stripe;

describe("classifyStripeError", () => {
  it("retries a 429 rate limit, keeping Retry-After", () => {
    const err = new errors.StripeRateLimitError({
      message: "Too many requests hit the API too quickly.",
      code: "rate_limit",
      statusCode: 429,
      headers: { "retry-after": "2" },
    });
    expect(classifyStripeError(err)).toMatchObject({
      kind: "transient",
      statusCode: 429,
      retryAfterSeconds: 2,
      code: "rate_limit",
    });
  });

  it("gives up on a 429 marked Stripe-Should-Retry: false", () => {
    const err = new errors.StripeRateLimitError({
      message: "Too many requests",
      statusCode: 429,
      headers: { "stripe-should-retry": "false" },
    });
    expect(classifyStripeError(err).kind).toBe("permanent");
  });

  it("retries 5xx, connection errors and timeouts", () => {
    expect(classifyStripeError(new errors.StripeAPIError({ message: "Internal error", statusCode: 500 })).kind).toBe(
      "transient",
    );
    expect(classifyStripeError(new errors.StripeAPIError({ message: "Bad gateway", statusCode: 502 })).kind).toBe(
      "transient",
    );
    expect(
      classifyStripeError(
        new errors.StripeConnectionError({ message: "An error occurred with our connection to Stripe." }),
      ),
    ).toMatchObject({ kind: "transient", message: "An error occurred with our connection to Stripe." });
    expect(
      classifyStripeError(
        new errors.StripeConnectionError({ message: "Request aborted due to timeout being reached (20000ms)" }),
      ).kind,
    ).toBe("transient");
    expect(classifyStripeError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).kind).toBe(
      "transient",
    );
  });

  it("retries a 409 idempotency lock conflict", () => {
    const err = new errors.StripeAPIError({
      message: "There is currently another in-progress request using this Stripe token.",
      code: "idempotency_key_in_use",
      statusCode: 409,
    });
    expect(classifyStripeError(err)).toMatchObject({
      kind: "transient",
      statusCode: 409,
      code: "idempotency_key_in_use",
    });
  });

  it("reports a 402 card error as a decline with Stripe's message", () => {
    const err = new errors.StripeCardError({
      message: "Your card has insufficient funds.",
      code: "card_declined",
      decline_code: "insufficient_funds",
      statusCode: 402,
    });
    expect(classifyStripeError(err)).toEqual({
      kind: "declined",
      message: "Your card has insufficient funds.",
      code: "card_declined",
      declineCode: "insufficient_funds",
      statusCode: 402,
    });
  });

  it("gives up on other 4xx with Stripe's message", () => {
    const invalid = new errors.StripeInvalidRequestError({
      message: "You can only pass in open invoices. This invoice is paid.",
      code: "invoice_not_open",
      statusCode: 400,
      requestId: "req_123",
    });
    expect(classifyStripeError(invalid)).toEqual({
      kind: "permanent",
      message: "You can only pass in open invoices. This invoice is paid.",
      code: "invoice_not_open",
      statusCode: 400,
      requestId: "req_123",
    });
    expect(
      classifyStripeError(new errors.StripeAuthenticationError({ message: "Invalid API Key", statusCode: 401 })).kind,
    ).toBe("permanent");
    expect(classifyStripeError(new errors.StripePermissionError({ message: "No access", statusCode: 403 })).kind).toBe(
      "permanent",
    );
    expect(
      classifyStripeError(
        new errors.StripeIdempotencyError({
          message: "Keys for idempotent requests can only be used with the same parameters",
          statusCode: 400,
        }),
      ).kind,
    ).toBe("permanent");
  });

  it("follows Stripe-Should-Retry over the status code", () => {
    const replayed500 = new errors.StripeAPIError({
      message: "Internal",
      statusCode: 500,
      headers: { "stripe-should-retry": "false" },
    });
    expect(classifyStripeError(replayed500).kind).toBe("permanent");
    const lock = new errors.StripeInvalidRequestError({
      message: "lock",
      statusCode: 400,
      headers: { "stripe-should-retry": "true" },
    });
    expect(classifyStripeError(lock).kind).toBe("transient");
  });

  it("treats a non-JSON answer as transient and our own bugs as permanent", () => {
    expect(
      classifyStripeError(new errors.StripeAPIError({ message: "Invalid JSON received from the Stripe API" })).kind,
    ).toBe("transient");
    expect(classifyStripeError(new TypeError("x is not a function"))).toEqual({
      kind: "permanent",
      message: "x is not a function",
    });
    expect(classifyStripeError("boom")).toEqual({ kind: "permanent", message: "Stripe call failed: boom" });
  });
});

describe("isStripeNotFound", () => {
  it("is true only for a 404", () => {
    expect(
      isStripeNotFound(
        new errors.StripeInvalidRequestError({ message: "No such invoice", code: "resource_missing", statusCode: 404 }),
      ),
    ).toBe(true);
    expect(
      isStripeNotFound(
        new errors.StripeInvalidRequestError({ message: "No such price", code: "resource_missing", statusCode: 400 }),
      ),
    ).toBe(false);
    expect(isStripeNotFound(null)).toBe(false);
  });
});

describe("Retry-After", () => {
  it("parses Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(60);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
