import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('carries the prefix and sorts by creation time', () => {
    const early = newId('case', new Date('2026-01-01T00:00:00Z'));
    const late = newId('case', new Date('2026-01-02T00:00:00Z'));
    expect(early).toMatch(/^case_[0-9a-z]{26}$/);
    expect(early < late).toBe(true);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('x')));
    expect(ids.size).toBe(1000);
  });
});
