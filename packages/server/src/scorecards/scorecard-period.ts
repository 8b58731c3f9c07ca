/** A scorecard period: a UTC quarter (`2026-Q1`) or month (`2026-03`). */
export interface Period {
  label: string;
  from: Date;
  to: Date;
}

export function parsePeriod(label: string): Period {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    const year = Number(quarter[1]);
    const q = Number(quarter[2]);
    return { label, from: new Date(Date.UTC(year, (q - 1) * 3, 1)), to: new Date(Date.UTC(year, q * 3, 1)) };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (!month) throw new Error(`Not a period: ${label}`);
  const year = Number(month[1]);
  const m = Number(month[2]);
  return { label, from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 1)) };
}

export function quarterOf(at: Date): Period {
  return parsePeriod(`${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`);
}
