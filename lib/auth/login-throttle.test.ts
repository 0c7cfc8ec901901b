import { describe, expect, it } from "vitest";
import { createLoginThrottle } from "./login-throttle";

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
