import { describe, expect, it } from 'vitest';
import { isValidResidentId, residentIdCheckCharacter, residentIdProblem } from './resident-id.js';

describe('resident ID numbers (GB 11643)', () => {
  const today = new Date('2026-06-01T00:00:00Z');

  it('accepts the standard example, with X in either case', () => {
    // The worked example of GB 11643-1999 Annex A.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X', today)).toBe(true);
    expect(isValidResidentId(' 11010519491231002x ', today)).toBe(true);
    // Worked by hand: weighted sum 228, 228 mod 11 = 8, table '10X98765432'[8] = '4'.
    expect(residentIdCheckCharacter('35010219900307123')).toBe('4');
    expect(isValidResidentId('350102199003071234', today)).toBe(true);
  });

  it('computes every check character of ISO 7064 MOD 11-2', () => {
    // The weighted sums of these prefixes are 0..10 mod 11, covering the whole table.
    const seen = new Set<string>();
    for (let serial = 100; serial < 200; serial++)
      seen.add(residentIdCheckCharacter(`35010219900307${serial}`));
    expect([...seen].sort().join('')).toBe('0123456789X');
  });

  it('names what is wrong', () => {
    expect(residentIdProblem('110105194912310021', today)).toBe('check_digit');
    expect(residentIdProblem('11010519491231002', today)).toBe('format');
    expect(residentIdProblem('11010519491231002Y', today)).toBe('format');
    expect(residentIdProblem('1101051949123100２X', today)).toBe('format');
    expect(residentIdProblem('990105199001010010', today)).toBe('region');
    // 30 February, a birth before 1900, a birth in the future.
    expect(residentIdProblem('110105199002300026', today)).toBe('birth_date');
    expect(residentIdProblem('440524188001010014', today)).toBe('birth_date');
    expect(residentIdProblem('110105202701010011', today)).toBe('birth_date');
  });

  it('refuses a single changed digit (the check character catches it)', () => {
    const valid = '350102199003071234';
    for (let position = 14; position < 17; position++) {
      const digit = Number(valid[position]);
      const changed = `${valid.slice(0, position)}${(digit + 1) % 10}${valid.slice(position + 1)}`;
      expect(residentIdProblem(changed, today)).toBe('check_digit');
    }
  });
});
