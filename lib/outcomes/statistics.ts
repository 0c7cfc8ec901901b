// The figures the outcomes page stands on: proportions with honest intervals, and medians read from
// a histogram (which either database can build with a GROUP BY).

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Wilson's score interval for k successes in n trials: sound at small n and at rates near 0 or 1. */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The 95 % interval for p1 − p2 of two independent proportions by Newcombe's hybrid score method
 * (Newcombe 1998, method 10): each rate's Wilson interval, combined. Unlike the textbook Wald
 * interval it keeps close to its stated coverage with a few dozen matches and with rates near 0 %
 * or 100 % — exactly where a young holdout sits — and it never leaves [−1, 1].
 */
export function differenceInterval(k1: number, n1: number, k2: number, n2: number): [number, number] {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilsonInterval(k1, n1);
  const [l2, u2] = wilsonInterval(k2, n2);
  const d = p1 - p2;
  const lower = d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
  const upper = d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  return [Math.max(-1, lower), Math.min(1, upper)];
}

/**
 * Where the middle of values counted in buckets sits: for each middle value (one for an odd count,
 * two for an even one), its bucket and its 0-based place among that bucket's values once sorted.
 * null when there are none.
 */
export function medianPositions(buckets: ReadonlyMap<number, number>): Array<{ key: number; index: number }> | null {
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const total = keys.reduce((sum, key) => sum + (buckets.get(key) ?? 0), 0);
  if (total === 0) return null;
  const ranks = total % 2 === 1 ? [(total - 1) / 2] : [total / 2 - 1, total / 2];
  return ranks.map((rank) => {
    let below = 0;
    for (const key of keys) {
      const count = buckets.get(key) ?? 0;
      if (rank < below + count) return { key, index: rank - below };
      below += count;
    }
    throw new Error("medianPositions: a rank beyond the count");
  });
}
