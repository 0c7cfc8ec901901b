import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_SECONDS, MAX_STEP_ATTEMPTS, backoffSeconds, retryDelaySeconds } from "./backoff";

describe("backoff", () => {
  it("doubles from 5 seconds and never exceeds 10 minutes", () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => backoffSeconds(n, mid))).toEqual([
      5, 10, 20, 40, 80, 160, 320, 600, 600, 600,
    ]);
    expect(backoffSeconds(20, () => 0.999)).toBeLessThanOrEqual(BACKOFF_CAP_SECONDS);
  });

  it("jitters within ±25%", () => {
    expect(backoffSeconds(4, () => 0)).toBe(30);
    expect(backoffSeconds(4, () => 0.999)).toBe(50);
  });

  it("waits at least as long as the server asked", () => {
    expect(retryDelaySeconds(1, { retryAfterSeconds: 30 }, () => 0.5)).toBe(30);
    expect(retryDelaySeconds(3, { retryAfterSeconds: 1 }, () => 0.5)).toBe(20);
    expect(retryDelaySeconds(1, { retryAfterSeconds: 86_400 }, () => 0.5)).toBe(BACKOFF_CAP_SECONDS);
  });

  it("spreads a step's attempts over roughly ten minutes before giving up", () => {
    let total = 0;
    for (let attempt = 1; attempt < MAX_STEP_ATTEMPTS; attempt++) total += backoffSeconds(attempt, () => 0.5);
    expect(total).toBe(5 + 10 + 20 + 40 + 80 + 160 + 320);
  });
});
