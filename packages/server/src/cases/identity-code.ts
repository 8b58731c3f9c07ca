import { randomInt } from 'node:crypto';

// Crockford base32 (no I, L, O, U) for the body; the check character is the body's value mod 37
// in Crockford's check alphabet, which adds * ~ $ = U. A mistyped or transposed character is
// caught before any lookup, so a typo never counts as a failed guess.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
const BODY_LENGTH = 8;
const PREFIX_PATTERN = /^[A-Z0-9]{1,6}$/;

function checkCharacter(body: string): string {
  let remainder = 0;
  for (const char of body) remainder = (remainder * 32 + ALPHABET.indexOf(char)) % 37;
  return CHECK_ALPHABET[remainder]!;
}

/**
 * A fresh identity code such as `FZ-7K3M-Q9XD-K`: 40 random bits, drawn independently for every
 * case, so two codes of one reporter share nothing.
 */
export function generateIdentityCode(prefix: string): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}-${checkCharacter(body)}`;
}

/**
 * Normalises what a person typed (case, spaces, O for 0, I/L for 1) and checks the check
 * character; returns the canonical code, or undefined when it cannot be a valid code.
 */
export function parseIdentityCode(input: string): string | undefined {
  const parts = input.trim().toUpperCase().replace(/\s+/g, '').split('-');
  if (parts.length !== 4) return undefined;
  const [prefix, first, second, check] = parts as [string, string, string, string];
  if (!PREFIX_PATTERN.test(prefix) || check.length !== 1) return undefined;
  const body = `${first}${second}`.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (body.length !== BODY_LENGTH || [...body].some((char) => !ALPHABET.includes(char))) return undefined;
  if (checkCharacter(body) !== check) return undefined;
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}-${check}`;
}
