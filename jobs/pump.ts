// Keeps up to `concurrency` pieces of work in flight: claims ahead into a buffer of as many again,
// in batches of at least `concurrency` (a claim is a statement; one per item would cost as much as
// the items), starts a buffered item the moment a lane frees up, sleeps when nothing is due, and
// wakes on a signal or at the time the next item falls due. No batch waits for its slowest item.
// Stopping gives the buffered items back (`release`), so another worker need not wait out a lease.

export interface PumpOptions<T> {
  concurrency: number;
  /** Takes up to `limit` items for this process; what it returns is this pump's to finish. */
  claim(limit: number): Promise<T[]>;
  work(item: T): Promise<void>;
  /** Hands back items claimed but never started (at stop). */
  release?(items: T[]): Promise<void>;
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
}

export function startPump<T>(options: PumpOptions<T>): Pump {
  const { concurrency } = options;
  const capacity = concurrency * 2; // in flight plus buffered
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const now = options.now ?? Date.now;
  const buffer: T[] = [];
  let inFlight = 0;
  let wanted = false;
  let stopped = false;
  let looping: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let laneFreed: (() => void) | null = null;
  let idleWaiters: Array<() => void> = [];

  const settleIdle = () => {
    if (looping || inFlight > 0 || buffer.length > 0 || wanted) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const startBuffered = () => {
    while (!stopped && inFlight < concurrency && buffer.length > 0) start(buffer.shift()!);
  };

  const start = (item: T) => {
    inFlight += 1;
    void options
      .work(item)
      .catch((error: unknown) => options.onError(error, "work"))
      .finally(() => {
        inFlight -= 1;
        startBuffered();
        laneFreed?.();
        settleIdle();
      });
  };

  /** Waits until a claim of at least `concurrency` items fits. */
  const roomForBatch = async () => {
    while (capacity - inFlight - buffer.length < concurrency && !stopped) {
      await new Promise<void>((resolve) => (laneFreed = resolve));
      laneFreed = null;
    }
  };

  const loop = async () => {
    let drained = false;
    while (!stopped) {
      wanted = false;
      const room = capacity - inFlight - buffer.length;
      let claimed: T[];
      try {
        claimed = await options.claim(room);
      } catch (error) {
        options.onError(error, "claim");
        return; // the next wake or tick tries again
      }
      if (stopped) {
        buffer.push(...claimed);
        break;
      }
      buffer.push(...claimed);
      startBuffered();
      if (claimed.length < room && !wanted) {
        drained = true;
        break;
      }
      await roomForBatch();
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
      const unstarted = buffer.splice(0);
      if (unstarted.length)
        await options.release?.(unstarted).catch((error: unknown) => options.onError(error, "claim"));
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      settleIdle();
    },
  };
}
