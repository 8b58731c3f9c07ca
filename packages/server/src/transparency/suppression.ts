/**
 * Small-cell suppression for the public transparency document, so no single tip can be singled
 * out from the published figures:
 *
 * 1. **Primary**: a count between 1 and `min - 1` is withheld (null). Zero is shown: it
 *    describes no tip.
 * 2. **Derived**: a rate is withheld unless its numerator, its denominator and their difference
 *    are each zero or at least `min` (2 of 100 closed, or 98 of 100, would reveal a small count);
 *    a median unless the cases behind it number at least `min`; an amount unless the payments
 *    behind it do.
 * 3. **Complementary**: in a breakdown whose total is published (districts, years, sources), a
 *    column with exactly one withheld cell could be recovered by subtraction, so the smallest
 *    other non-zero cell of that column is withheld too.
 *
 * Every withheld field is named in the row's `suppressed` list.
 */

export type Cell = number | null;

export interface SuppressedRow {
  values: Record<string, Cell>;
  suppressed: string[];
}

export interface RateRule {
  field: string;
  numerator: string;
  denominator: string;
}

export interface SuppressionRules {
  counts: string[];
  rates: RateRule[];
  /** A median or amount and the count of what lies behind it. */
  dependents: Array<{ field: string; basis: string }>;
  /** Counts that describe no tip (e.g. cards a platform was given): never withheld. */
  exempt?: string[];
}

const small = (value: Cell, min: number) => value !== null && value > 0 && value < min;

/** Primary and derived suppression of one row (the raw figures must not be withheld yet). */
export function suppressRow(raw: Record<string, Cell>, rules: SuppressionRules, min: number): SuppressedRow {
  const values = { ...raw };
  const suppressed = new Set<string>();
  const withhold = (field: string) => {
    values[field] = null;
    suppressed.add(field);
  };
  for (const field of rules.counts) {
    if (!rules.exempt?.includes(field) && small(raw[field] ?? null, min)) withhold(field);
  }
  for (const rate of rules.rates) {
    const n = raw[rate.numerator] ?? 0;
    const d = raw[rate.denominator] ?? 0;
    if (small(n, min) || small(d, min) || small(d - n, min)) withhold(rate.field);
  }
  for (const dependent of rules.dependents) {
    if ((raw[dependent.basis] ?? 0) < min && raw[dependent.field] !== null) withhold(dependent.field);
  }
  return { values, suppressed: [...suppressed] };
}

/**
 * Complementary suppression over the rows of one breakdown, given the published total row: a
 * column with a single withheld cell loses its smallest other non-zero cell as well; repeated
 * until no column can be recovered by subtraction. Derived fields of a newly withheld count are
 * withheld with it.
 */
export function suppressComplements(
  rows: SuppressedRow[],
  total: SuppressedRow,
  rawRows: Array<Record<string, Cell>>,
  rules: SuppressionRules,
): void {
  for (const field of rules.counts) {
    if (rules.exempt?.includes(field) || total.values[field] === null) continue;
    for (;;) {
      const hidden = rows.filter((row) => row.values[field] === null);
      if (hidden.length !== 1) break;
      let next: number | undefined;
      rows.forEach((row, i) => {
        const value = rawRows[i]![field] ?? 0;
        if (row.values[field] === null || value === 0) return;
        if (next === undefined || value < (rawRows[next]![field] ?? 0)) next = i;
      });
      if (next === undefined) break;
      const row = rows[next]!;
      row.values[field] = null;
      row.suppressed.push(field);
      for (const rate of rules.rates) {
        if ((rate.numerator === field || rate.denominator === field) && row.values[rate.field] !== null) {
          row.values[rate.field] = null;
          row.suppressed.push(rate.field);
        }
      }
      for (const dependent of rules.dependents) {
        if (dependent.basis === field && row.values[dependent.field] !== null) {
          row.values[dependent.field] = null;
          row.suppressed.push(dependent.field);
        }
      }
    }
  }
}
