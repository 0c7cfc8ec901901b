import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { createLogger, scrub } from "./logger";

const KEY = "sk_live_51AbCdEfGhIjKlMnOpQrStUvWx";
const config = parseConfig({
  STRIPE_SECRET_KEY: KEY,
  SMTP_URL: "smtp://billing:hunter2-smtp-password@mail.internal:587",
  ADMIN_API_TOKEN: "admin-token-0123456789",
});

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({
    config,
    level: "debug",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { log, lines };
}

describe("scrub", () => {
  it("masks every configured secret in strings, nested fields and errors (message, stack, cause)", () => {
    const error = new Error(`Invalid API Key provided: ${KEY}`, {
      cause: new Error("login to smtp://billing:hunter2-smtp-password@mail.internal failed"),
    });
    const out = JSON.stringify(scrub({ err: error, nested: { list: [`Bearer admin-token-0123456789`] } }, config));
    expect(out).not.toContain(KEY);
    expect(out).not.toContain("hunter2-smtp-password");
    expect(out).not.toContain("admin-token-0123456789");
    expect(out).toContain("sk_live_…UvWx");
    expect(out).toContain("Invalid API Key provided");
  });

  it("hides fields named like secrets whatever they hold, configured or not", () => {
    expect(
      scrub({ authorization: "Basic abc", secret: "whsec_x", headers: { cookie: "s=1" }, id: "in_1" }, config),
    ).toEqual({
      authorization: "[redacted]",
      secret: "[redacted]",
      headers: { cookie: "[redacted]" },
      id: "in_1",
    });
  });

  it("keeps what finds a failure again: Stripe's code, status and request id", () => {
    const error = Object.assign(new Error("No such invoice"), {
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      statusCode: 404,
      requestId: "req_123",
    });
    expect(scrub(error, config)).toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      statusCode: 404,
      requestId: "req_123",
      message: "No such invoice",
    });
  });
});

describe("createLogger", () => {
  it("writes one JSON line per entry with the level's name, the message masked", () => {
    const { log, lines } = capture();
    log.warn({ runId: "run_1", err: new Error(`key ${KEY}`) }, `step failed: ${KEY}`);
    expect(lines).toEqual([
      expect.objectContaining({
        level: "warn",
        runId: "run_1",
        msg: "step failed: sk_live_…UvWx",
        err: expect.objectContaining({ type: "Error", message: "key sk_live_…UvWx" }),
      }),
    ]);
  });

  it("writes nothing below its level", () => {
    const lines: unknown[] = [];
    const log = createLogger({
      config,
      level: "warn",
      destination: { write: (line: string) => void lines.push(line) },
    });
    log.info("hello");
    log.debug("hello");
    expect(lines).toEqual([]);
  });
});
