import { describe, expect, it } from "vitest";
import { createLoginThrottle, loginClientAddress, MAX_FAILURES_IN_ALL } from "./login-throttle";

describe("login throttle", () => {
  it("answers at once until a password is wrong, then waits longer after each failure", () => {
    const throttle = createLoginThrottle();
    expect(throttle.check("1.2.3.4", 0)).toEqual({ delayMs: 0 });
    throttle.failed("1.2.3.4", 0);
    expect(throttle.check("1.2.3.4", 1).delayMs).toBe(250);
    throttle.failed("1.2.3.4", 1);
    throttle.failed("1.2.3.4", 2);
    expect(throttle.check("1.2.3.4", 3).delayMs).toBe(1000);
    expect(throttle.check("5.6.7.8", 3).delayMs).toBe(0);
  });

  it("locks an address out after ten failures in a quarter hour, and forgets after it", () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 10; i++) throttle.failed("a", i * 1000);
    expect(throttle.check("a", 10_000).lockedForSeconds).toBe(890);
    expect(throttle.check("a", 15 * 60_000 + 9_001)).toEqual({ delayMs: 0 });
  });

  it("a success clears the failures", () => {
    const throttle = createLoginThrottle();
    throttle.failed("a", 0);
    throttle.succeeded("a");
    expect(throttle.check("a", 1).delayMs).toBe(0);
  });
});

describe("login throttle, against made-up addresses", () => {
  it("locks logging in for everyone after a hundred failures from any number of addresses", () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < MAX_FAILURES_IN_ALL; i++) {
      expect(throttle.check(`10.0.${Math.floor(i / 250)}.${i % 250}`, i).lockedForSeconds).toBeUndefined();
      throttle.failed(`10.0.${Math.floor(i / 250)}.${i % 250}`, i);
    }
    expect(throttle.check("192.0.2.1", 1_000).lockedForSeconds).toBe(899);
    expect(throttle.check("192.0.2.1", 15 * 60_000 + 100)).toEqual({ delayMs: 0 });
  });

  it("counts an attempt against the last X-Forwarded-For entry, the one the nearest proxy (or Next.js) wrote", () => {
    expect(loginClientAddress(new Headers({ "x-forwarded-for": "203.0.113.7, 198.51.100.2" }))).toBe("198.51.100.2");
    expect(loginClientAddress(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(loginClientAddress(new Headers())).toBe("unknown");
  });
});
