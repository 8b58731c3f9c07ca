/**
 * When and how long to wait before retrying, as stripe-node does it: connection errors and
 * 408/409/429/5xx are retried with capped exponential backoff and full jitter, and a
 * `Retry-After` from the server wins over the computed delay. POSTs are retried too: every
 * POST carries an Idempotency-Key, so a retry cannot create a second record.
 */

/** Statuses worth another attempt: the request may succeed unchanged a moment later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504]);

/**
 * Statuses that say the request was not applied. A request that is not safe to repeat (a
 * PATCH, which carries no Idempotency-Key) is retried on these only: after a connection error
 * or a 5xx it may have been applied already.
 */
export const NOT_APPLIED_STATUSES: ReadonlySet<number> = new Set([408, 409, 429]);

export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** Backoff before the first retry, in ms, before jitter. */
  baseDelayMs: number;
  /** The cap of the exponential backoff, in ms. */
  maxDelayMs: number;
  /**
   * The longest `Retry-After` worth waiting for, in ms. A longer one (a login lockout, say) is
   * not waited out inside a call: the error is thrown at once, carrying `retryAfter`.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Full-jitter backoff: a uniform delay in [0, min(cap, base * 2^retry)). Jitter spreads the
 * retries of many clients that failed together, so they do not hit the server in lockstep.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Parses `Retry-After` (RFC 9110: delay-seconds or an HTTP date) into milliseconds from
 * `now`; undefined when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // All three HTTP-date formats start with a day name; this keeps Date.parse from reading
  // things like "-3" as a year.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Decides about the attempt that just failed. `status` is undefined for a connection error;
 * `retry` is how many retries were already made; `repeatable` is false for a request that
 * must not run twice (default true).
 */
export function decideRetry(
  policy: RetryPolicy,
  input: { status: number | undefined; retryAfter: string | null; retry: number; repeatable?: boolean },
  clock: { now: () => number; random: () => number },
): RetryDecision {
  if (input.retry >= policy.maxRetries) return { retry: false };
  const retryable = input.repeatable === false ? NOT_APPLIED_STATUSES : RETRYABLE_STATUSES;
  if (input.status === undefined ? input.repeatable === false : !retryable.has(input.status)) {
    return { retry: false };
  }
  const requested = parseRetryAfter(input.retryAfter, clock.now());
  if (requested !== undefined) {
    if (requested > policy.maxRetryAfterMs) return { retry: false };
    return { retry: true, delayMs: requested };
  }
  return { retry: true, delayMs: backoffDelay(policy, input.retry, clock.random) };
}
