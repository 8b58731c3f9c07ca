import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// OWASP's scrypt floor is N=2^17, r=8, p=1 (the default cost 17). Parameters are stored with
// each hash, so the cost can rise later and old hashes still verify.
const MAX_MEMORY = 256 * 1024 * 1024;
const KEY_LENGTH = 32;
export const DEFAULT_PASSWORD_COST = 17;

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url parts); `cost` is log2 of N. */
export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const params = { N: 2 ** cost, r: 8, p: 1, maxmem: MAX_MEMORY };
  const hash = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of nothing in particular at the given cost, verified against when the account does not
 * exist, so an unknown email takes as long as a wrong password.
 */
export function dummyPasswordHash(cost = DEFAULT_PASSWORD_COST): string {
  return `scrypt$${2 ** cost}$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}

/**
 * scrypt with a salt the caller chooses, for deterministic derivations such as the reporters'
 * login index (the salt there is itself a keyed secret). Same parameters as `hashPassword`.
 */
export function scryptWithSalt(
  password: string,
  salt: Uint8Array,
  cost = DEFAULT_PASSWORD_COST,
): Promise<Buffer> {
  return scrypt(password.normalize('NFKC'), Buffer.from(salt), KEY_LENGTH, {
    N: 2 ** cost,
    r: 8,
    p: 1,
    maxmem: MAX_MEMORY,
  });
}
