import { deriveKey } from '../crypto/aead.js';
import { hmacSha256Hex } from '../crypto/hashing.js';
import { scryptWithSalt } from '../crypto/password.js';
import { loadSecretKey } from '../keys/secret-key-file.js';

/** `KEYS_DIR/payout.key`: encrypts the payout envelope of every reporter identity. */
export const PAYOUT_KEY_NAME = 'payout';

/**
 * The payout key. It decrypts payout envelopes in two places only: the reporter's own profile
 * (reporter-service.ts) and `openPayoutEnvelope` for the payout module. Otherwise it seals new
 * identities and keys the blind indexes below (through HKDF, never directly).
 */
export function payoutKey(config: { keysDir: string; env: string }): Buffer {
  return loadSecretKey(config, PAYOUT_KEY_NAME);
}

/**
 * The key of the reporters' blind indexes (login, and phone and client address for rate limits),
 * derived from the payout key with HKDF under its own purpose so the two uses never share a key
 * and there is one secret fewer to back up. See docs/whistleblower-protection.md for the
 * trade-off.
 */
function blindIndexKey(config: { keysDir: string; env: string }): Buffer {
  return deriveKey(payoutKey(config), 'ezhili reporter blind index v1');
}

/**
 * HMAC-SHA256 of a value under the blind-index key, hex; `kind` separates uses: `phone` (rate
 * limiting per number), `address` (rate limiting per client), `login-salt` and `login` (below).
 */
export function reporterBlindIndex(
  config: { keysDir: string; env: string },
  kind: 'phone' | 'address' | 'login-salt' | 'login',
  value: string,
): string {
  return hmacSha256Hex(blindIndexKey(config), `${kind}\n${value}`);
}

/**
 * The login index of a phone number and passphrase: HMAC(scrypt(passphrase, salt = HMAC(phone))).
 * Login computes it once and finds the account by it, so a login costs one scrypt whatever the
 * number of accounts, and neither the answer nor its timing says whether the phone is
 * registered. The salt is a keyed function of the phone, so without the key nothing can be
 * precomputed; `cost` is stored per account so PASSWORD_SCRYPT_COST can change later.
 */
export async function reporterLoginIndex(
  config: { keysDir: string; env: string },
  phone: string,
  passphrase: string,
  cost: number,
): Promise<string> {
  const salt = Buffer.from(reporterBlindIndex(config, 'login-salt', phone), 'hex');
  const stretched = await scryptWithSalt(passphrase, salt, cost);
  return reporterBlindIndex(config, 'login', `${cost}\n${stretched.toString('base64url')}`);
}
