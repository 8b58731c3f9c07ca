import type { Schema } from '@ezhili/contract';

export type RowRejection = Schema<'RowRejection'>;

/** Rejections kept in a summary; the counts by reason cover the rest. */
export const MAX_LISTED_REJECTIONS = 100;

/** Collects refused rows: the first hundred in full, all of them counted by reason. */
export class RejectionLog {
  readonly listed: RowRejection[] = [];
  readonly byReason: Record<string, number> = {};
  count = 0;

  add(row: number, reason: string, field?: string): void {
    this.count += 1;
    const key = field ? `${field}: ${reason}` : reason;
    this.byReason[key] = (this.byReason[key] ?? 0) + 1;
    if (this.listed.length < MAX_LISTED_REJECTIONS)
      this.listed.push({ row, reason, ...(field && { field }) });
  }
}

/** A reason that names what is wrong without echoing the value (it may be personal data). */
export class RowProblem extends Error {
  constructor(
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function wholeCount(value: unknown, field: string): number {
  if (value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(String(value));
  if (!Number.isInteger(n) || n < 0) throw new RowProblem(field, 'must be a whole number ≥ 0');
  return n;
}

export function optionalNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(String(value));
  if (!Number.isFinite(n) || n < min || n > max)
    throw new RowProblem(field, `must be a number from ${min} to ${max}`);
  return n;
}

export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined) return null;
  const text = String(value).trim();
  if (text.length > max) throw new RowProblem(field, `must be at most ${max} characters`);
  return text === '' ? null : text;
}
