/**
 * Slows down password guessing: each wrong password from a client makes the next answer wait
 * longer (250 ms, doubling, up to 5 s), and ten in a quarter hour lock that client out for the rest
 * of it. A client is known by its address, which a client talking to the app directly can make up
 * (X-Forwarded-For is whatever it sends), so wrong passwords are also counted all together: a
 * hundred in a quarter hour, from any number of addresses, lock logging in for everyone until the
 * quarter hour has passed. In memory, per process: enough to make guessing impractical.
 */
export interface LoginThrottle {
  /** How long to wait before answering, or a lockout with the seconds left. */
  check(address: string, now: number): { delayMs: number; lockedForSeconds?: number };
  failed(address: string, now: number): void;
  succeeded(address: string): void;
}

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_CLIENT = 10;
export const MAX_FAILURES_IN_ALL = 100;

export function createLoginThrottle(): LoginThrottle {
  const failures = new Map<string, number[]>();
  let everyFailure: number[] = [];
  const recent = (list: number[] | undefined, now: number) => (list ?? []).filter((at) => now - at < WINDOW_MS);
  const lockedFor = (list: number[], limit: number, now: number) =>
    list.length >= limit ? Math.ceil((list[list.length - limit]! + WINDOW_MS - now) / 1000) : 0;
  return {
    check(address, now) {
      const mine = recent(failures.get(address), now);
      everyFailure = recent(everyFailure, now);
      const locked = Math.max(
        lockedFor(mine, MAX_FAILURES_PER_CLIENT, now),
        lockedFor(everyFailure, MAX_FAILURES_IN_ALL, now),
      );
      if (locked > 0) return { delayMs: 0, lockedForSeconds: locked };
      return { delayMs: mine.length === 0 ? 0 : Math.min(5_000, 250 * 2 ** (mine.length - 1)) };
    },
    failed(address, now) {
      failures.set(address, [...recent(failures.get(address), now), now]);
      everyFailure = [...recent(everyFailure, now), now];
      // Addresses whose failures have all aged out are forgotten, so made-up addresses cannot pile up.
      for (const [key, list] of failures) if (recent(list, now).length === 0) failures.delete(key);
    },
    succeeded(address) {
      failures.delete(address);
    },
  };
}

/**
 * The address a login attempt counts against: the last X-Forwarded-For entry. Next.js sets the
 * header to the connection's address when a request arrives without one, and a proxy in front
 * (nginx's $proxy_add_x_forwarded_for, load balancers) appends the address it saw; entries before
 * the last are whatever the client sent, so taking the first would let a client pick a fresh
 * address for every guess. A client reaching the app directly can still send a header of its
 * own: the count of all failures together bounds what that buys.
 */
export function loginClientAddress(headers: { get(name: string): string | null }): string {
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  return entries.filter(Boolean).at(-1) ?? "unknown";
}

const globalForThrottle = globalThis as { billingAutomationsLoginThrottle?: LoginThrottle };
export function getLoginThrottle(): LoginThrottle {
  globalForThrottle.billingAutomationsLoginThrottle ??= createLoginThrottle();
  return globalForThrottle.billingAutomationsLoginThrottle;
}
