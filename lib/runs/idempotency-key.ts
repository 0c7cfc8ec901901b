/**
 * Every Stripe call a run step makes carries an idempotency key with this prefix; Stripe echoes the
 * key in the events the call causes (`request.idempotency_key`), which is how the engine knows an
 * event is its own doing and must neither start nor end a run.
 */
const ENGINE_KEY_PREFIX = "billing-automations";

/**
 * `billing-automations:<stepId>:<operation>` — stable across the automatic retries of a step; a
 * person's retry of a failed step adds `:retry-<n>`, so Stripe runs the call afresh.
 */
export function stepIdempotencyKey(stepId: string, operation: string, manualRetries = 0): string {
  const base = `${ENGINE_KEY_PREFIX}:${stepId}:${operation}`;
  return manualRetries > 0 ? `${base}:retry-${manualRetries}` : base;
}

/** The run step behind an engine-caused event, or null when a person or Stripe caused it. */
export function runStepIdFromIdempotencyKey(key: string | null | undefined): string | null {
  if (!key || !key.startsWith(`${ENGINE_KEY_PREFIX}:`)) return null;
  return key.split(":")[1] || null;
}
