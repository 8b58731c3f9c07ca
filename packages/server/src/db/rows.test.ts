import { describe, expect, it } from 'vitest';
import { bool, boolOrNull, numberOrNull, textOrNull } from './rows.js';

describe('row readers', () => {
  it('keep NULL as null and read the rest', () => {
    expect([textOrNull(null), textOrNull(undefined), textOrNull('a'), textOrNull(12)]).toEqual([
      null,
      null,
      'a',
      '12',
    ]);
    expect([numberOrNull(null), numberOrNull(3), numberOrNull(4n), numberOrNull('5')]).toEqual([
      null,
      3,
      4,
      5,
    ]);
    expect([boolOrNull(null), boolOrNull(0), boolOrNull(1), boolOrNull(1n)]).toEqual([
      null,
      false,
      true,
      true,
    ]);
    expect([bool(0), bool(1), bool(0n), bool(2)]).toEqual([false, true, false, true]);
  });

  it('read an empty string as text, not as NULL', () => {
    expect(textOrNull('')).toBe('');
    expect(numberOrNull(0)).toBe(0);
  });
});
