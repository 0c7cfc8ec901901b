// How a worker hears that work is waiting now, instead of at its next tick: a run whose first step
// is due, a step a completion unblocked, an event a web instance stored for the workers.
// - In this process: listeners are called at once (the web server's own worker).
// - Across processes on PostgreSQL: NOTIFY on one channel, which every worker LISTENs to on a
//   connection of its own. Notifications are coalesced: under a burst at most one is in flight and
//   one more is queued, and one is always sent after the last call, so none is lost.
// - Across processes on SQLite, which has no notifications: a listener polls every POLL_MS for an
//   event a web instance stored unmatched (one index lookup). The runs those events start are the
//   worker's own, so it hears of their steps directly; a run started by hand on another process
//   waits for the tick.
// The cron tick stays the backstop either way: a lost signal costs one tick of lag, never work.
import pg from "pg";
import type { Db } from "@/lib/db/client";
import type { DatabaseTarget } from "@/lib/db/database-url";
import type { Logger } from "@/lib/log/logger";

type WorkKind = "steps" | "events";
type Listener = (kind: WorkKind) => void;

const WORK_CHANNEL = "billing_automations_work";
const POLL_MS = 250;
const RECONNECT_MS = 1_000;

export interface WorkSignal {
  /** Work of this kind is waiting now. Call it after the transaction that made it commits. */
  notify(kind: WorkKind): void;
  /** Hears every notify, from this process and (PostgreSQL, or SQLite's poll) from others. */
  subscribe(listener: Listener): () => void;
}

export function createWorkSignal(input: { db: Db; target: DatabaseTarget; log: Logger }): WorkSignal {
  const { db, target, log } = input;
  const listeners = new Set<Listener>();
  const emit = (kind: WorkKind) => {
    for (const listener of listeners) listener(kind);
  };
  const crossProcess =
    target.provider === "postgresql" ? postgresChannel(db, target.url, emit, log) : sqlitePoll(db, emit, log);
  const send = coalesced((kind) => crossProcess.send(kind));
  return {
    notify(kind) {
      emit(kind);
      send(kind);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) crossProcess.open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) crossProcess.close();
      };
    },
  };
}

interface CrossProcess {
  send(kind: WorkKind): Promise<void>;
  open(): void;
  close(): void;
}

/** At most one send per kind in flight; calls meanwhile fold into one more send after it. */
function coalesced(send: (kind: WorkKind) => Promise<void>): (kind: WorkKind) => void {
  const state = new Map<WorkKind, { again: boolean }>();
  return (kind) => {
    const current = state.get(kind);
    if (current) {
      current.again = true;
      return;
    }
    const entry = { again: false };
    state.set(kind, entry);
    void (async () => {
      do {
        entry.again = false;
        await send(kind);
      } while (entry.again);
      state.delete(kind);
    })();
  };
}

function postgresChannel(db: Db, url: string, emit: Listener, log: Logger): CrossProcess {
  let client: pg.Client | null = null;
  let wanted = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const connect = async () => {
    if (!wanted || client) return;
    const next = new pg.Client({ connectionString: url });
    client = next;
    next.on("notification", (message) => {
      if (message.payload === "steps" || message.payload === "events") emit(message.payload);
    });
    next.on("error", (error) => drop(next, error));
    try {
      await next.connect();
      await next.query(`LISTEN ${WORK_CHANNEL}`);
      // Whatever was notified while this connection was down is picked up now.
      emit("events");
      emit("steps");
    } catch (error) {
      drop(next, error);
    }
  };
  const drop = (dead: pg.Client, error: unknown) => {
    if (client !== dead) return;
    client = null;
    void dead.end().catch(() => undefined);
    if (!wanted) return;
    log.warn(
      { err: error, channel: WORK_CHANNEL },
      "work notifications lost their connection; reconnecting (the tick covers meanwhile)",
    );
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_MS);
  };

  return {
    async send(kind) {
      try {
        // $executeRaw: pg_notify returns void, a column $queryRaw refuses to read (and then nothing is sent).
        await db.$executeRaw`SELECT pg_notify(${WORK_CHANNEL}, ${kind})`;
      } catch (error) {
        log.warn({ err: error, kind }, "work notification not sent; the workers' next tick finds the work");
      }
    },
    open() {
      wanted = true;
      void connect();
    },
    close() {
      wanted = false;
      if (retry) clearTimeout(retry);
      const open = client;
      client = null;
      void open?.end().catch(() => undefined);
    },
  };
}

function sqlitePoll(db: Db, emit: Listener, log: Logger): CrossProcess {
  let timer: ReturnType<typeof setInterval> | null = null;
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      // Not "due steps": a step blocked behind one in backoff is due and pending for minutes, and
      // would wake the claim four times a second for nothing.
      const event = await db.event.findFirst({ where: { status: "pending", lockedUntil: null }, select: { id: true } });
      if (event) emit("events");
    } catch (error) {
      log.warn({ err: error }, "polling for due work failed; the tick covers");
    } finally {
      polling = false;
    }
  };
  return {
    // The poll finds what another process wrote; this process's own notifies reach it directly.
    send: () => Promise.resolve(),
    open() {
      timer ??= setInterval(() => void poll(), POLL_MS);
      timer.unref?.();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/** Tells no one: for an engine on a virtual clock (the demo history), whose due work is not due now. */
export const silentWorkSignal: WorkSignal = { notify: () => undefined, subscribe: () => () => undefined };
