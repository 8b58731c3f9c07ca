import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter } from './retry.js';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const clock = (random = 0.5) => ({ now: () => NOW, random: () => random });

describe('backoffDelay', () => {
  it('grows exponentially from 0.5 s and is capped at 8 s, with full jitter', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6].map((retry) =>
      backoffDelay(DEFAULT_RETRY_POLICY, retry, () => 0.999999),
    );
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 7999, 7999]);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(0);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, () => 0.5)).toBe(2000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), NOW)).toBe(12_000);
  });

  it('treats a past date as now and ignores what it cannot read', () => {
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
  });
});

describe('decideRetry', () => {
  it('retries connection errors and 408/409/429/500/502/503/504 only', () => {
    for (const status of [undefined, 408, 409, 429, 500, 502, 503, 504]) {
      expect(decideRetry(DEFAULT_RETRY_POLICY, { status, retryAfter: null, retry: 0 }, clock()).retry).toBe(
        true,
      );
    }
    for (const status of [400, 401, 403, 404, 410, 413, 422, 501]) {
      expect(decideRetry(DEFAULT_RETRY_POLICY, { status, retryAfter: null, retry: 0 }, clock()).retry).toBe(
        false,
      );
    }
  });

  it('retries a request that must not run twice only when the status says it was not applied', () => {
    const decide = (status: number | undefined) =>
      decideRetry(DEFAULT_RETRY_POLICY, { status, retryAfter: null, retry: 0, repeatable: false }, clock())
        .retry;
    expect([408, 409, 429].map(decide)).toEqual([true, true, true]);
    expect([undefined, 500, 502, 503, 504].map(decide)).toEqual([false, false, false, false, false]);
  });

  it('stops after maxRetries', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2 };
    expect(decideRetry(policy, { status: 503, retryAfter: null, retry: 1 }, clock()).retry).toBe(true);
    expect(decideRetry(policy, { status: 503, retryAfter: null, retry: 2 }, clock()).retry).toBe(false);
  });

  it('waits what Retry-After asks, but not longer than maxRetryAfterMs', () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, { status: 429, retryAfter: '20', retry: 0 }, clock())).toEqual({
      retry: true,
      delayMs: 20_000,
    });
    expect(decideRetry(DEFAULT_RETRY_POLICY, { status: 429, retryAfter: '3600', retry: 0 }, clock())).toEqual(
      {
        retry: false,
      },
    );
  });
});
