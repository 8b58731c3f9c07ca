import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock/clock.js';

// Crockford base32: no I, L, O, U, so ids survive being read aloud or copied by hand.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The one id generator: a prefix plus 48 bits of time and 80 random bits, Crockford base32,
 * so ids sort by creation time (useful for cursors) and never collide in practice.
 */
export function newId(prefix: string, at: Date = systemClock.now()): string {
  let time = at.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += ALPHABET[bytes[i]! % 32];
  return `${prefix}_${timePart}${randomPart}`.toLowerCase();
}

/**
 * An id for what a platform (or anyone outside the regulator) receives: 128 random bits and no
 * time at all, so nothing can be read from it about when the record, or the tip behind it, was
 * made. The first character comes from the upper half of the alphabet, so a ULID decoder reads
 * it as a time after the year 10,000, never as a plausible instant. These ids do not sort by
 * creation: lists that need order walk the rowid.
 */
export function newOpaqueId(prefix: string): string {
  const bytes = randomBytes(26);
  let id = ALPHABET[16 + (bytes[0]! % 16)]!;
  for (let i = 1; i < 26; i++) id += ALPHABET[bytes[i]! % 32];
  return `${prefix}_${id}`.toLowerCase();
}
