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
 * The median of values counted in whole-number buckets ([h, h + 1) per key), interpolating within the
 * bucket that holds it; null when there are none.
 */
export function medianOfHistogram(buckets: ReadonlyMap<number, number>): number | null {
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const total = keys.reduce((sum, key) => sum + (buckets.get(key) ?? 0), 0);
  if (total === 0) return null;
  const half = total / 2;
  let below = 0;
  for (const key of keys) {
    const count = buckets.get(key) ?? 0;
    if (below + count >= half) return key + (half - below) / count;
    below += count;
  }
  return keys.at(-1) ?? null;
}
