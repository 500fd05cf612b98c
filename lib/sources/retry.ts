// How long a failed read waits before its next attempt, pure: exponential backoff, as pg-boss
// does for the queue's jobs (retryBackoff), capped so a long outage still gets retried.

const MAX_DELAY_MS = 5 * 60_000;

/** Attempt 1 waits `baseSeconds`, attempt 2 twice that, and so on. */
export function retryDelayMs(baseSeconds: number, attempt: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(attempt - 1, 0), MAX_DELAY_MS);
}
