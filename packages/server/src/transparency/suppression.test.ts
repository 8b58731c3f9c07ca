import { describe, expect, it } from 'vitest';
import { type SuppressionRules, suppressComplements, suppressRow } from './suppression.js';

const RULES: SuppressionRules = {
  counts: ['tips', 'closed', 'cards'],
  rates: [{ field: 'rate', numerator: 'closed', denominator: 'tips' }],
  dependents: [{ field: 'median', basis: 'closed' }],
  exempt: ['cards'],
};

describe('small-cell suppression', () => {
  it('withholds counts from 1 to min - 1, and the rates and medians that would reveal them', () => {
    const row = suppressRow({ tips: 3, closed: 0, cards: 1, rate: 0, median: null }, RULES, 5);
    expect(row.values).toEqual({ tips: null, closed: 0, cards: 1, rate: null, median: null });
    expect(row.suppressed.sort()).toEqual(['rate', 'tips']);
    // 98 of 100 closed: the rate would reveal the 2 still open.
    const almost = suppressRow({ tips: 100, closed: 98, cards: 0, rate: 0.98, median: 40 }, RULES, 5);
    expect(almost.values).toMatchObject({ tips: 100, closed: 98, rate: null, median: 40 });
    // A median over 4 closures describes those 4 cases.
    const few = suppressRow({ tips: 20, closed: 4, cards: 0, rate: 0.2, median: 12 }, RULES, 5);
    expect(few.values).toMatchObject({ closed: null, rate: null, median: null });
    const plenty = suppressRow({ tips: 20, closed: 20, cards: 0, rate: 1, median: 12 }, RULES, 5);
    expect(plenty.suppressed).toEqual([]);
  });

  it('withholds a second cell where a published total would give the first away', () => {
    const raw = [
      { tips: 2, closed: 0, cards: 0, rate: 0, median: null },
      { tips: 9, closed: 9, cards: 0, rate: 1, median: 5 },
      { tips: 30, closed: 30, cards: 0, rate: 1, median: 5 },
    ];
    const rows = raw.map((r) => suppressRow(r, RULES, 5));
    const total = suppressRow({ tips: 41, closed: 39, cards: 0, rate: 0.951, median: 5 }, RULES, 5);
    suppressComplements(rows, total, raw, RULES);
    expect(rows.map((row) => row.values.tips)).toEqual([null, null, 30]);
    // The second row's rate and median rest on what is now withheld only where they reveal it.
    expect(rows[1]!.suppressed).toContain('tips');
    expect(rows[1]!.values.rate).toBeNull();
    // Two withheld cells and a total: 41 - 30 = 11 cannot be split back into 2 and 9.
    expect(rows.filter((row) => row.values.tips === null)).toHaveLength(2);
  });

  it('leaves columns alone when nothing or several cells are withheld, or the total is withheld too', () => {
    const raw = [
      { tips: 2, closed: 0, cards: 0, rate: 0, median: null },
      { tips: 3, closed: 0, cards: 0, rate: 0, median: null },
      { tips: 30, closed: 0, cards: 0, rate: 0, median: null },
    ];
    const rows = raw.map((r) => suppressRow(r, RULES, 5));
    suppressComplements(
      rows,
      suppressRow({ tips: 35, closed: 0, cards: 0, rate: 0, median: null }, RULES, 5),
      raw,
      RULES,
    );
    expect(rows.map((row) => row.values.tips)).toEqual([null, null, 30]);
    const lone = [{ tips: 3, closed: 0, cards: 0, rate: 0, median: null }];
    const loneRows = lone.map((r) => suppressRow(r, RULES, 5));
    suppressComplements(loneRows, suppressRow(lone[0]!, RULES, 5), lone, RULES);
    expect(loneRows[0]!.values.tips).toBeNull();
  });
});
