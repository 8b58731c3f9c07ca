/**
 * Durations are reported in hours to two significant figures (0.1 h below 10 h, whole hours
 * below 100 h, then tens and hundreds), and the rollups keep one histogram bucket per reported
 * value. Rounding is monotone, so the nearest-rank percentile of the buckets is exactly the
 * rounded percentile of the raw durations: the rollups answer what a full recomputation would,
 * with at most a few hundred buckets per day however many cases there are.
 *
 * The code is the reported value in tenths of an hour (an integer); `durationCodeSql` is the
 * same function in SQL, used by the triggers and the backfill.
 */
const STEPS: Array<[limitMs: number, unitMs: number, tenthsPerUnit: number]> = [
  [36_000_000, 360_000, 1],
  [360_000_000, 3_600_000, 10],
  [3_600_000_000, 36_000_000, 100],
];
const LAST: [number, number] = [360_000_000, 1000];

export function durationCode(ms: number): number {
  const value = Math.max(0, Math.trunc(ms));
  for (const [limit, unit, tenths] of STEPS) {
    if (value < limit) return Math.floor((value + unit / 2) / unit) * tenths;
  }
  return Math.floor((value + LAST[0] / 2) / LAST[0]) * LAST[1];
}

/** Milliseconds since the epoch of an ISO timestamp column, in SQL (exact to the millisecond). */
export const epochMsSql = (column: string) => `CAST(round(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;

export function durationCodeSql(startColumn: string, endColumn: string): string {
  const ms = `max(0, ${epochMsSql(endColumn)} - ${epochMsSql(startColumn)})`;
  const branches = STEPS.map(
    ([limit, unit, tenths]) => `WHEN ${ms} < ${limit} THEN ((${ms} + ${unit / 2}) / ${unit}) * ${tenths}`,
  );
  return `(CASE ${branches.join(' ')} ELSE ((${ms} + ${LAST[0] / 2}) / ${LAST[0]}) * ${LAST[1]} END)`;
}

/** Hours from a code. */
export const hoursOfCode = (code: number) => code / 10;
