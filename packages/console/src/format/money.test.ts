import { describe, expect, it } from 'vitest';
import { fenToYuan, formatYuan, yuanToFen } from './money.js';

describe('yuan and fen', () => {
  it('converts typed yuan to whole fen without floating-point drift', () => {
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1.10')).toBe(110);
    expect(yuanToFen(' 5000 ')).toBe(500000);
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(yuanToFen('0.29')).toBe(29);
  });

  it('refuses what is not an amount', () => {
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen('')).toBeNull();
  });

  it('shows fen as yuan', () => {
    expect(fenToYuan(123450)).toBe(1234.5);
    expect(formatYuan(123450, 'zh-CN')).toBe('¥1,234.50');
    expect(formatYuan(null, 'zh-CN')).toBe('—');
  });
});
