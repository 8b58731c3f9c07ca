import { describe, expect, it } from 'vitest';
import { lastMonths } from './platform-queries.js';

describe('scorecard periods', () => {
  it('counts months back across a year boundary', () => {
    expect(lastMonths('2026-02-15', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(lastMonths('2026-12-03', 1)).toEqual(['2026-12']);
  });
});
