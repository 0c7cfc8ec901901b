// Keeps up to `concurrency` pieces of work in flight: claims as lanes free up (in batches of at
// least half the lanes, so a claim serves several items), sleeps when nothing is due, and wakes on
// a signal or at the time the next item falls due. No batch waits for its slowest item.

export interface PumpOptions<T> {
  concurrency: number;
  /** Takes up to `limit` items for this process; what it returns is this pump's to finish. */
  claim(limit: number): Promise<T[]>;
  work(item: T): Promise<void>;
  /** When nothing is claimable: the moment the next item falls due, to wake then (capped by maxSleepMs). */
  nextDueAt?(): Promise<Date | null>;
  onError(error: unknown, during: "claim" | "work"): void;
  /** The longest a timer set from nextDueAt waits; the cron tick wakes the pump meanwhile anyway. */
  maxSleepMs?: number;
  now?(): number;
}

export interface Pump {
  /** Work may be waiting: claim now (coalesced; a wake during a claim claims once more after it). */
  wake(): void;
  /** Resolves once nothing is in flight and the last claim found nothing more. */
  idle(): Promise<void>;
  /** Stops claiming and waits for what is in flight. */
  stop(): Promise<void>;
  inFlight(): number;
}

export function startPump<T>(options: PumpOptions<T>): Pump {
  const { concurrency } = options;
  const refillBelow = Math.max(1, Math.ceil(concurrency / 2));
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const now = options.now ?? Date.now;
  let inFlight = 0;
  let wanted = false;
  let stopped = false;
  let looping: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let laneFreed: (() => void) | null = null;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (looping || inFlight > 0 || wanted) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const start = (item: T) => {
    inFlight += 1;
    void options
      .work(item)
      .catch((error: unknown) => options.onError(error, "work"))
      .finally(() => {
        inFlight -= 1;
        laneFreed?.();
        settleIdle();
      });
  };

  const lanesBelow = async (count: number) => {
    while (inFlight >= count && !stopped) {
      await new Promise<void>((resolve) => (laneFreed = resolve));
      laneFreed = null;
    }
  };

  const loop = async () => {
    let drained = false;
    while (!stopped) {
      wanted = false;
      const free = concurrency - inFlight;
      let claimed: T[];
      try {
        claimed = await options.claim(free);
      } catch (error) {
        options.onError(error, "claim");
        return; // the next wake or tick tries again
      }
      for (const item of claimed) start(item);
      if (claimed.length < free && !wanted) {
        drained = true;
        break;
      }
      await lanesBelow(refillBelow);
    }
    if (drained && !stopped) await armTimer();
  };

  const armTimer = async () => {
    if (!options.nextDueAt) return;
    let next: Date | null;
    try {
      next = await options.nextDueAt();
    } catch (error) {
      options.onError(error, "claim");
      return;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    if (!next || stopped) return;
    // A millisecond past the due time, so the claim's `dueAt <= now` holds when it fires.
    const wait = Math.min(maxSleepMs, Math.max(0, next.getTime() - now() + 1));
    timer = setTimeout(() => {
      timer = null;
      wake();
    }, wait);
    timer.unref?.();
  };

  const wake = () => {
    if (stopped) return;
    wanted = true;
    if (looping) return;
    looping = loop().finally(() => {
      looping = null;
      if (wanted && !stopped) wake();
      else settleIdle();
    });
  };

  return {
    wake,
    inFlight: () => inFlight,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      laneFreed?.();
      await looping;
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      settleIdle();
    },
  };
}
