// When to try again, for everything the worker retries — a step, an event whose processing failed,
// one of the engine's own jobs: 5 s, 10 s, 20 s … doubling up to 10 minutes, each scaled by a random
// factor in [0.75, 1.25) so things that failed together do not retry together.

/** A step gives up after this many automatic attempts and fails its run (a person can retry it). */
export const MAX_STEP_ATTEMPTS = 8;
/** An event or a job gives up after this many. */
export const MAX_EVENT_ATTEMPTS = 5;
export const MAX_JOB_ATTEMPTS = 8;

const BACKOFF_BASE_SECONDS = 5;
export const BACKOFF_CAP_SECONDS = 10 * 60;

/** Seconds to wait before attempt `attempt + 1`, after `attempt` failed attempts (1-based). */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const exponential = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (n - 1));
  const jittered = exponential * (0.75 + 0.5 * random());
  return Math.max(1, Math.min(BACKOFF_CAP_SECONDS, Math.round(jittered)));
}

/** The backoff, but never sooner than the other side asked for (Retry-After), still capped. */
export function retryDelaySeconds(
  attempt: number,
  asked: { retryAfterSeconds?: number },
  random: () => number = Math.random,
): number {
  return Math.min(BACKOFF_CAP_SECONDS, Math.max(backoffSeconds(attempt, random), asked.retryAfterSeconds ?? 0));
}

/** The moment to try again after `attempt` failed attempts. */
export function retryAt(now: Date, attempt: number, asked: { retryAfterSeconds?: number } = {}): Date {
  return new Date(now.getTime() + retryDelaySeconds(attempt, asked) * 1000);
}
