import { describe, expect, it } from 'vitest';
import { generateIdentityCode, parseIdentityCode } from './identity-code.js';

describe('identity codes', () => {
  it('look like FZ-7K3M-Q9XD-K and parse back to themselves', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateIdentityCode('FZ');
      expect(code).toMatch(/^FZ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-Z*~$=]$/);
      expect(parseIdentityCode(code)).toBe(code);
    }
  });

  it('are random per call (no shared structure between two codes)', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => generateIdentityCode('FZ')));
    expect(codes.size).toBe(1000);
  });

  it('forgive case, spaces and O/I/L but catch typos with the check character', () => {
    const code = generateIdentityCode('FZ');
    expect(parseIdentityCode(` ${code.toLowerCase()} `)).toBe(code);
    const body = code.slice(3, 7);
    const mutated = `${code.slice(0, 3)}${body[0] === '0' ? '1' : '0'}${code.slice(4)}`;
    expect(parseIdentityCode(mutated)).toBeUndefined();
    const swapped = `${code.slice(0, 3)}${body[1]}${body[0]}${code.slice(5)}`;
    if (body[0] !== body[1]) expect(parseIdentityCode(swapped)).toBeUndefined();
    expect(parseIdentityCode('FZ-7K3M-Q9XD')).toBeUndefined();
    expect(parseIdentityCode('not a code')).toBeUndefined();
  });
});
