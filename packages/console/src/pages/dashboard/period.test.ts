import { describe, expect, it } from 'vitest';
import { byMonth, presetPeriod, seriesOf } from './period.js';

describe('dashboard periods', () => {
  it('ends a preset on the given day and spans exactly its number of days', () => {
    expect(presetPeriod('week', '2026-12-03')).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(presetPeriod('month', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetPeriod('year', '2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('sums every daily series per month', () => {
    const days: Array<{ date: string; [series: string]: number | string }> = [
      { date: '2026-11-29', tips: 1, platformLeads: 0 },
      { date: '2026-11-30', tips: 2, platformLeads: 1, leadsDispatched: 4 },
      { date: '2026-12-01', tips: 5, platformLeads: 2 },
    ];
    expect(byMonth(days)).toEqual([
      { month: '2026-11', tips: 3, platformLeads: 1, leadsDispatched: 4 },
      { month: '2026-12', tips: 5, platformLeads: 2 },
    ]);
    expect(seriesOf(days)).toEqual(['tips', 'platformLeads', 'leadsDispatched']);
  });
});
