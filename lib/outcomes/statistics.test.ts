import { describe, expect, it } from "vitest";
import { differenceInterval, medianPositions, wilsonInterval } from "./statistics";

describe("wilsonInterval", () => {
  it("matches the published figures", () => {
    // Newcombe (1998), table I: 81/263 → 0.2553 to 0.3662.
    const [lo, hi] = wilsonInterval(81, 263);
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
  });

  it("stays inside [0, 1] at the edges", () => {
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBeCloseTo(1, 12);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("differenceInterval (Newcombe's hybrid score)", () => {
  it("matches Newcombe's worked examples", () => {
    // Newcombe (1998), table II, method 10: 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090.
    const [lo, hi] = differenceInterval(56, 70, 48, 80);
    expect(lo).toBeCloseTo(0.0524, 4);
    expect(hi).toBeCloseTo(0.3339, 4);
    const [lo2, hi2] = differenceInterval(9, 10, 3, 10);
    expect(lo2).toBeCloseTo(0.1705, 4);
    expect(hi2).toBeCloseTo(0.809, 4);
  });

  it("is wide and includes 0 when little is known", () => {
    const [lo, hi] = differenceInterval(3, 5, 2, 4);
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
  });
});

describe("medianPositions", () => {
  it("finds the middle value's bucket and place, or the two middle ones", () => {
    expect(medianPositions(new Map([[5, 1]]))).toEqual([{ key: 5, index: 0 }]);
    expect(
      medianPositions(
        new Map([
          [1, 2],
          [3, 2],
        ]),
      ),
    ).toEqual([
      { key: 1, index: 1 },
      { key: 3, index: 0 },
    ]);
    expect(
      medianPositions(
        new Map([
          [10, 3],
          [0, 1],
        ]),
      ),
    ).toEqual([
      { key: 10, index: 0 },
      { key: 10, index: 1 },
    ]);
    expect(medianPositions(new Map([[2, 5]]))).toEqual([{ key: 2, index: 2 }]);
  });

  it("is null with nothing to count", () => {
    expect(medianPositions(new Map())).toBeNull();
  });
});
