import { describe, expect, it } from "vitest";
import { createSessionToken, passwordMatches, verifySessionToken } from "./session";

const now = new Date("2026-05-01T10:00:00Z");

describe("admin session", () => {
  it("accepts its own token until it expires", () => {
    const token = createSessionToken("secret", now);
    expect(verifySessionToken("secret", token, now)).toBe(true);
    expect(verifySessionToken("secret", token, new Date(now.getTime() + 13 * 3_600_000))).toBe(false);
  });

  it("refuses a token signed with another password, a changed expiry, or garbage", () => {
    const token = createSessionToken("secret", now);
    expect(verifySessionToken("other", token, now)).toBe(false);
    const [, signature] = token.split(".");
    expect(verifySessionToken("secret", `${now.getTime() + 99 * 3_600_000}.${signature}`, now)).toBe(false);
    expect(verifySessionToken("secret", "nope", now)).toBe(false);
    expect(verifySessionToken(undefined, token, now)).toBe(false);
  });

  it("compares passwords exactly", () => {
    expect(passwordMatches("a", "a")).toBe(true);
    expect(passwordMatches("a", "ab")).toBe(false);
  });
});
