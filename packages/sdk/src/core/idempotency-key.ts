/**
 * A fresh Idempotency-Key (a random UUID). `globalThis.crypto` exists in Node 20 and every
 * browser, so the SDK needs no `node:crypto` import.
 */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** What the server accepts (see the `IdempotencyKey` parameter in the contract). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
