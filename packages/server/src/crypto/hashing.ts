import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex HMAC-SHA256 of a string under a key (blind indexes: equal inputs, equal digests, no key no guess). */
export function hmacSha256Hex(key: Uint8Array | string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** SHA3-256 of a string (UTF-8) or bytes: the audit chain's hash, which SQLite's `sha3()` computes too. */
export function sha3Bytes(data: string | Uint8Array): Buffer {
  return createHash('sha3-256').update(data).digest();
}

/** HMAC-SHA256 of a string (UTF-8) or bytes under `key`: Standard Webhooks' symmetric `v1` scheme. */
export function hmacSha256(key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Constant-time comparison of two strings (false for different lengths, without early exit on content). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** A random secret rendered base64url, for tokens and receipt secrets. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Base64url SHA-256 of a string (e.g. a PKCE `S256` code challenge, RFC 7636). */
export function sha256Base64Url(data: string): string {
  return createHash('sha256').update(data).digest('base64url');
}
