import { sha256Hex } from '../crypto/hashing.js';

/**
 * A digest of the ids a list showed, for its audit event: enough to prove later which records a
 * page held (recompute it from the ids), without storing every id in the log. 128 bits of
 * SHA-256 over the ids joined by newlines.
 */
export function listDigest(ids: readonly string[]): string {
  return sha256Hex(ids.join('\n')).slice(0, 32);
}
