import { describe, expect, it } from 'vitest';
import { newId, newOpaqueId } from './ids.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const decodedTime = (id: string) =>
  [...id.split('_')[1]!.slice(0, 10)].reduce((ms, char) => ms * 32 + ALPHABET.indexOf(char), 0);

describe('newId', () => {
  it('carries the prefix and sorts by creation time', () => {
    const early = newId('case', new Date('2026-01-01T00:00:00Z'));
    const late = newId('case', new Date('2026-01-02T00:00:00Z'));
    expect(early).toMatch(/^case_[0-9a-z]{26}$/);
    expect(early < late).toBe(true);
    expect(decodedTime(early)).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('x')));
    expect(ids.size).toBe(1000);
  });
});

describe('newOpaqueId', () => {
  it('encodes no time: read as a ULID it is never a plausible instant, and never repeats', () => {
    const ids = Array.from({ length: 2000 }, () => newOpaqueId('lead'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^lead_[0-9a-hjkmnp-tv-z]{26}$/);
      expect(decodedTime(id)).toBeGreaterThan(Date.parse('9999-12-31T00:00:00Z'));
    }
    // Random, not ordered: consecutive ids do not sort by creation.
    const sorted = [...ids].sort();
    expect(sorted).not.toEqual(ids);
  });
});
