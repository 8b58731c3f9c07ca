import { describe, expect, it } from 'vitest';
import type { ProblemError } from '../problem/problem-error.js';
import { maskText, TEXT_MASK } from './text-mask.js';

describe('maskText', () => {
  it('replaces code-point ranges with one fixed mask, whatever their length', () => {
    const text = '后厨有老鼠，厨师张三丰不戴手套。';
    expect(maskText(text, [{ start: 8, end: 11 }])).toBe(`后厨有老鼠，厨师${TEXT_MASK}不戴手套。`);
    expect(
      maskText('a😀bcd', [
        { start: 3, end: 5 },
        { start: 1, end: 2 },
      ]),
    ).toBe(`a${TEXT_MASK}b${TEXT_MASK}`);
  });

  it('refuses ranges outside the text, empty or overlapping', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as ProblemError).code;
      }
      return 'none';
    };
    expect(code(() => maskText('abc', [{ start: 1, end: 4 }]))).toBe('range_outside_text');
    expect(code(() => maskText('abc', [{ start: 2, end: 2 }]))).toBe('empty_range');
    expect(
      code(() =>
        maskText('abcdef', [
          { start: 0, end: 3 },
          { start: 2, end: 4 },
        ]),
      ),
    ).toBe('overlapping_ranges');
  });
});
