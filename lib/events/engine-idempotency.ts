/**
 * Every Stripe call a run step makes carries an idempotency key with this prefix; Stripe echoes the
 * key in the events the call causes (`request.idempotency_key`), which is how the engine knows an
 * event is its own doing and must neither start nor end a run.
 */
export const ENGINE_KEY_PREFIX = "billing-automations";

/** `billing-automations:<stepId>:<operation>` — stable across retries of the same step. */
export function stepIdempotencyKey(stepId: string, operation: string): string {
  return `${ENGINE_KEY_PREFIX}:${stepId}:${operation}`;
}

/** The run step behind an engine-caused event, or null when a person or Stripe caused it. */
export function runStepIdFromIdempotencyKey(key: string | null | undefined): string | null {
  if (!key || !key.startsWith(`${ENGINE_KEY_PREFIX}:`)) return null;
  return key.split(":")[1] || null;
}
