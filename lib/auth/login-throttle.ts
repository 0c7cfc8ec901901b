/**
 * Slows down password guessing: each wrong password from an address makes the next answer wait
 * longer (250 ms, doubling, up to 5 s), and ten in a quarter hour lock the address out for the rest
 * of it. In memory, per process: enough to make guessing impractical; behind a proxy, set the
 * client address header the proxy sends.
 */
export interface LoginThrottle {
  /** How long to wait before answering, or a lockout with the seconds left. */
  check(address: string, now: number): { delayMs: number; lockedForSeconds?: number };
  failed(address: string, now: number): void;
  succeeded(address: string): void;
}

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

export function createLoginThrottle(): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (address: string, now: number) => (failures.get(address) ?? []).filter((at) => now - at < WINDOW_MS);
  return {
    check(address, now) {
      const list = recent(address, now);
      if (list.length >= MAX_FAILURES) {
        const oldest = list[0]!;
        return { delayMs: 0, lockedForSeconds: Math.ceil((oldest + WINDOW_MS - now) / 1000) };
      }
      return { delayMs: list.length === 0 ? 0 : Math.min(5_000, 250 * 2 ** (list.length - 1)) };
    },
    failed(address, now) {
      failures.set(address, [...recent(address, now), now]);
    },
    succeeded(address) {
      failures.delete(address);
    },
  };
}

const globalForThrottle = globalThis as { billingAutomationsLoginThrottle?: LoginThrottle };
export function getLoginThrottle(): LoginThrottle {
  globalForThrottle.billingAutomationsLoginThrottle ??= createLoginThrottle();
  return globalForThrottle.billingAutomationsLoginThrottle;
}
